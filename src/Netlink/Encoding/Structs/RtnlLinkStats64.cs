using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary>
/// <c>struct rtnl_link_stats64</c> (linux/if_link.h), the payload of IFLA_STATS64: a link's
/// counters since it was created. Kernels append fields over time; older ones send fewer, and the
/// missing ones read as 0 (see <see cref="AttributeValue.StructPrefix{T}"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtnlLinkStats64
{
    public ulong RxPackets;
    public ulong TxPackets;
    public ulong RxBytes;
    public ulong TxBytes;
    public ulong RxErrors;
    public ulong TxErrors;
    public ulong RxDropped;
    public ulong TxDropped;
    public ulong Multicast;
    public ulong Collisions;
    public ulong RxLengthErrors;
    public ulong RxOverErrors;
    public ulong RxCrcErrors;
    public ulong RxFrameErrors;
    public ulong RxFifoErrors;
    public ulong RxMissedErrors;
    public ulong TxAbortedErrors;
    public ulong TxCarrierErrors;
    public ulong TxFifoErrors;
    public ulong TxHeartbeatErrors;
    public ulong TxWindowErrors;
    public ulong RxCompressed;
    public ulong TxCompressed;
    /// <summary>Frames dropped because no protocol wanted them (since Linux 4.6).</summary>
    public ulong RxNoHandler;
}
