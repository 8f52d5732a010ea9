using System.Net;
using System.Net.Sockets;
using System.Net.NetworkInformation;
using Conlink.Syntax.LinkModes;
using Conlink.Syntax.Routes;

namespace Conlink.Config.Model;

/// <summary>
/// One validated, enriched link as declared by the user (before per-replica offsets).
/// Exactly one of <see cref="Service"/> and <see cref="Container"/> is set. Its route, netem and
/// mode were parsed at load time; a <see cref="Planning.LinkPlan"/> is this spec resolved for one container.
/// </summary>
public record LinkSpec
{
    public LinkType Type { get; init; } = LinkType.Veth;
    public LinkBase Base { get; init; } = LinkBase.Conlink;
    public string? Service { get; init; }
    public string? Container { get; init; }
    /// <summary>Interface name inside the container.</summary>
    public string Dev { get; init; } = "eth0";
    /// <summary>
    /// For veth: the name of the outer end in conlink's namespace; null means it is computed per
    /// container (see planning). For host-parent types: the host parent interface.
    /// </summary>
    public string? OuterDev { get; init; }
    public BridgeSpec? Bridge { get; init; }
    /// <summary>
    /// The link's addresses, IPv4 and IPv6, in the order the user listed them (empty: none). The
    /// first of each family is that family's primary address: <see cref="Nat"/> and forwards use it.
    /// </summary>
    public IReadOnlyList<CidrAddress> Ips { get; init; } = [];
    public PhysicalAddress? Mac { get; init; }
    public int? Mtu { get; init; }
    /// <summary>Stateless NAT address (IPv4 or IPv6), to and from the link's primary address of its family.</summary>
    public IPAddress? Nat { get; init; }
    /// <summary>The macvlan/macvtap or ipvlan/ipvtap mode.</summary>
    public Parsed<LinkMode>? Mode { get; init; }
    public int? VlanId { get; init; }
    public IReadOnlyList<Parsed<RouteSpec>> Route { get; init; } = [];
    public IReadOnlyList<ForwardSpec> Forward { get; init; } = [];
    public NetemSetting? Netem { get; init; }
    public IReadOnlyList<string> Ethtool { get; init; } = [];

    /// <summary>The first address of <paramref name="family"/>, if the link has one.</summary>
    public CidrAddress? PrimaryIp(AddressFamily family) => Ips.Cast<CidrAddress?>().FirstOrDefault(a => a!.Value.Family == family);

    /// <summary>The key links merge on: <c>service|container:dev</c>.</summary>
    public string Key => $"{Service ?? Container}:{Dev}";
}
