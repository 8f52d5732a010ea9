namespace Conlink.Netlink.Addresses;

/// <summary>IFA_F_* address flags (linux/if_addr.h), as <c>ip addr</c> sets and shows them.</summary>
[Flags]
public enum AddressFlags : uint
{
    None = 0,
    /// <summary>An IPv4 address that is not the first of its subnet on the interface.</summary>
    Secondary = 0x01,
    /// <summary>Skip IPv6 duplicate address detection: the address is usable at once (<c>nodad</c>).</summary>
    NoDad = 0x02,
    Optimistic = 0x04,
    /// <summary>IPv6 duplicate address detection found the address in use elsewhere on the link; it stays unusable.</summary>
    DadFailed = 0x08,
    HomeAddress = 0x10,
    Deprecated = 0x20,
    /// <summary>IPv6 duplicate address detection is still running: the address cannot be used yet.</summary>
    Tentative = 0x40,
    /// <summary>Configured (not from autoconfiguration); it does not expire.</summary>
    Permanent = 0x80,
    ManageTempAddress = 0x100,
    /// <summary>Add no prefix route for the address's subnet (<c>noprefixroute</c>).</summary>
    NoPrefixRoute = 0x200,
    McAutoJoin = 0x400,
    StablePrivacy = 0x800,
}
