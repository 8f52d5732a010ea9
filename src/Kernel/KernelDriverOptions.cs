using System.Net;

namespace Conlink.Kernel;

/// <summary>How the kernel driver reaches the world outside the bridge namespace.</summary>
public sealed record KernelDriverOptions
{
    /// <summary>The Linux default UDP port of VXLAN (IANA).</summary>
    public const ushort DefaultVxlanPort = 4789;

    /// <summary>Where host-parent links (macvlan, ipvlan, vlan, ...) find their parent; opened when a link first needs it.</summary>
    public HostNamespace HostNamespace { get; init; } = HostNamespace.Own;

    /// <summary>conlink's Docker-facing interface in the bridge namespace (for forwards), if any.</summary>
    public string? DockerInterface { get; init; }

    /// <summary>
    /// The global IPv6 address of conlink's Docker interface, if it has one. Which links are forwarded
    /// over IPv6 the plans say (<c>LinkPlan.ForwardOver</c>); bridges with IPv6 forwards get this address too.
    /// </summary>
    public IPAddress? DockerIpv6Address { get; init; }

    /// <summary>
    /// The named namespace tunnels send their UDP from; null: the namespace conlink runs in, which as
    /// a sidecar is also the bridge namespace. A tunnel made there and placed in the bridge namespace
    /// keeps its socket there.
    /// </summary>
    public string? UnderlayNamespace { get; init; }

    /// <summary>The underlay interface tunnels bind to (<c>--tunnel-dev</c>), if set.</summary>
    public string? TunnelDevice { get; init; }

    /// <summary>The local underlay address of tunnels (<c>--tunnel-local</c>), if set.</summary>
    public IPAddress? TunnelLocal { get; init; }

    public ushort VxlanPort { get; init; } = DefaultVxlanPort;

    /// <summary>This member's cluster address (<c>--cluster-bind</c>): the source of spanned bridges' vxlans unless <see cref="TunnelLocal"/> is set.</summary>
    public IPAddress? ClusterAddress { get; init; }

    /// <summary>
    /// When true (<c>--strict</c>), a netem or ethtool setting that cannot be applied fails its link, which is
    /// then removed; when false the link is kept without it (degraded), as the original does.
    /// </summary>
    public bool Strict { get; init; }
}
