using System.Net.NetworkInformation;
using Conlink.Netlink.Namespaces;

namespace Conlink.Netlink.Links;

/// <summary>Changes to apply to an existing link in one request; null members are left alone.</summary>
public readonly record struct LinkChanges
{
    public string? Name { get; init; }
    public PhysicalAddress? Mac { get; init; }
    public int? Mtu { get; init; }
    /// <summary>true brings the link up, false down.</summary>
    public bool? Up { get; init; }
    /// <summary>The new master by index; 0 detaches the link from its master (nomaster).</summary>
    public int? MasterIndex { get; init; }
    /// <summary>A new alias, a description shown by <c>ip link</c>; an empty one removes it.</summary>
    public string? Alias { get; init; }
    /// <summary>Move the link into this namespace.</summary>
    public NetNs? Namespace { get; init; }
}
