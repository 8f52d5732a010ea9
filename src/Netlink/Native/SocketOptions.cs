namespace Conlink.Netlink.Native;

/// <summary>Netlink socket options at level SOL_NETLINK (linux/netlink.h).</summary>
internal static class SocketOptions
{
    public const int SolNetlink = 270;
    /// <summary>Error replies carry only the request header, not the whole request.</summary>
    public const int CapAck = 10;
    /// <summary>Error replies carry extended ACK attributes (the kernel's explanation).</summary>
    public const int ExtAck = 11;
    /// <summary>Dump requests are checked strictly and may be filtered by the kernel.</summary>
    public const int GetStrictCheck = 12;
    public const int NetlinkRoute = 0;
}
