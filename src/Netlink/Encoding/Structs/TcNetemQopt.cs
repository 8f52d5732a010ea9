using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct tc_netem_qopt</c>: the fixed part of netem's TCA_OPTIONS. Times are in scheduler ticks.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemQopt
{
    public uint Latency;
    public uint Limit;
    public uint Loss;
    public uint Gap;
    public uint Duplicate;
    public uint Jitter;
}
