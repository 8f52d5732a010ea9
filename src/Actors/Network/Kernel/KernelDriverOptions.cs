using System.Net;
using Conlink.Netlink.Namespaces;

namespace Conlink.Actors.Network.Kernel;

/// <summary>How the kernel driver reaches the world outside the bridge namespace.</summary>
public sealed record KernelDriverOptions
{
    /// <summary>The Linux default UDP port of VXLAN (IANA).</summary>
    public const ushort DefaultVxlanPort = 4789;

    /// <summary>
    /// Where host-parent links (macvlan, ipvlan, vlan, ...) find their parent: pid 1's namespace
    /// (null), which is the host's when conlink runs with <c>pid: host</c>. The driver owns it.
    /// </summary>
    public NetNs? HostNamespace { get; init; }

    /// <summary>conlink's Docker-facing interface in the bridge namespace (for forwards), if any.</summary>
    public string? DockerInterface { get; init; }

    /// <summary>
    /// Where tunnels send their UDP: the namespace conlink runs in (null), which as a sidecar is also
    /// the bridge namespace. A tunnel made here and placed in the bridge namespace keeps its socket here.
    /// </summary>
    public NetNs? UnderlayNamespace { get; init; }

    /// <summary>The underlay interface tunnels bind to (<c>--tunnel-dev</c>), if set.</summary>
    public string? TunnelDevice { get; init; }

    /// <summary>The local underlay address of tunnels (<c>--tunnel-local</c>), if set.</summary>
    public IPAddress? TunnelLocal { get; init; }

    public ushort VxlanPort { get; init; } = DefaultVxlanPort;
}
