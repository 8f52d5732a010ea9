namespace Conlink.Netlink.Encoding.Attributes;

/// <summary>IFA_* attributes of address messages (linux/if_addr.h).</summary>
internal enum AddressAttribute : ushort
{
    /// <summary>The peer address on point-to-point links; otherwise the same as <see cref="Local"/>.</summary>
    Address = 1,
    Local = 2,
    Label = 3,
    Broadcast = 4,
    CacheInfo = 6,
    Flags = 8,
}
