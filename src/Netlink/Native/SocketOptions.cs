namespace Conlink.Netlink.Native;

/// <summary>Socket options Tmds.LibC lacks: netlink's, at level SOL_NETLINK (linux/netlink.h), and SO_RCVBUFFORCE.</summary>
internal static class SocketOptions
{
    /// <summary>SO_RCVBUFFORCE (SOL_SOCKET): like SO_RCVBUF, past the rmem_max cap, with CAP_NET_ADMIN.</summary>
    public const int ReceiveBufferForce = 33;

    public const int SolNetlink = 270;
    /// <summary>Error replies carry only the request header, not the whole request.</summary>
    public const int CapAck = 10;
    /// <summary>Error replies carry extended ACK attributes (the kernel's explanation).</summary>
    public const int ExtAck = 11;
    /// <summary>Dump requests are checked strictly and may be filtered by the kernel.</summary>
    public const int GetStrictCheck = 12;
    public const int NetlinkRoute = 0;
}
