using System.Net.NetworkInformation;

namespace Conlink.Netlink.Links;

/// <summary>An interface as the kernel reports it.</summary>
public sealed record Link
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    /// <summary>The link type (<c>veth</c>, <c>bridge</c>, ...); null for devices without one, such as <c>lo</c>.</summary>
    public string? Kind { get; init; }
    /// <summary>The kind of master this link is a port of, e.g. <c>bridge</c>.</summary>
    public string? SlaveKind { get; init; }
    public PhysicalAddress? Mac { get; init; }
    public int Mtu { get; init; }
    /// <summary>The link's alias (<c>ip link set ... alias TEXT</c>), if it has one.</summary>
    public string? Alias { get; init; }
    public InterfaceFlags Flags { get; init; }
    /// <summary>The bridge (or other master) this link is attached to.</summary>
    public int? MasterIndex { get; init; }
    /// <summary>The parent of a *vlan link, or the peer of a veth (its index in <see cref="ParentNamespaceId"/> when set).</summary>
    public int? ParentIndex { get; init; }
    /// <summary>When the parent or peer lives in another namespace: that namespace's id as seen from this one.</summary>
    public int? ParentNamespaceId { get; init; }
    /// <summary>For vxlan and geneve links: their VNI, remote and port.</summary>
    public TunnelEndpoint? Tunnel { get; init; }
    /// <summary>The link's counters; null unless asked for (<c>LinkGet</c>/<c>LinkList</c> with <c>statistics: true</c>).</summary>
    public LinkStatistics? Statistics { get; init; }

    public bool IsUp => (Flags & InterfaceFlags.Up) != 0;

    public override string ToString() => $"{Index}: {Name}{(Kind is null ? "" : $" ({Kind})")}";
}
