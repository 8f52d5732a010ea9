using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct tc_netem_slot</c>. Times are in nanoseconds.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemSlot
{
    public long MinDelay;
    public long MaxDelay;
    public int MaxPackets;
    public int MaxBytes;
    public long DistributionDelay;
    public long DistributionJitter;
}
