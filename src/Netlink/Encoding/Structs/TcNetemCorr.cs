using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct tc_netem_corr</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemCorr
{
    public uint DelayCorrelation;
    public uint LossCorrelation;
    public uint DuplicateCorrelation;
}
