using System.Net;
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
    public CidrAddress? Ip { get; init; }
    public PhysicalAddress? Mac { get; init; }
    public int? Mtu { get; init; }
    public IPAddress? Nat { get; init; }
    /// <summary>The macvlan/macvtap or ipvlan/ipvtap mode.</summary>
    public Parsed<LinkMode>? Mode { get; init; }
    public int? VlanId { get; init; }
    public IReadOnlyList<Parsed<RouteSpec>> Route { get; init; } = [];
    public IReadOnlyList<ForwardSpec> Forward { get; init; } = [];
    public NetemSetting? Netem { get; init; }
    public IReadOnlyList<string> Ethtool { get; init; } = [];

    /// <summary>The key links merge on: <c>service|container:dev</c>.</summary>
    public string Key => $"{Service ?? Container}:{Dev}";
}
