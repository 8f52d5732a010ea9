using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct tc_netem_reorder</c> and <c>struct tc_netem_corrupt</c>, which share this layout.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemProbability
{
    public uint Probability;
    public uint Correlation;
}
