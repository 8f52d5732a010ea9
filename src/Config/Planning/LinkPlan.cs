using System.Net;
using System.Net.NetworkInformation;
using Conlink.Config.Model;

namespace Conlink.Config.Planning;

/// <summary>
/// A link fully resolved for one container instance: replica offsets applied to IP, MAC and
/// forward ports, and every name fixed. The engine carries this out and nothing else.
/// </summary>
public sealed record LinkPlan
{
    /// <summary>Stable identity of the link across restarts: <c>containerName:dev</c>.</summary>
    public required string Id { get; init; }
    public required LinkType Type { get; init; }
    public required LinkBase Base { get; init; }
    public required string Dev { get; init; }
    /// <summary>The bridge-side veth name, or the host parent for host-parent types; null for dummy.</summary>
    public string? OuterDev { get; init; }
    public BridgeSpec? Bridge { get; init; }
    public CidrAddress? Ip { get; init; }
    public PhysicalAddress? Mac { get; init; }
    public int? Mtu { get; init; }
    public IPAddress? Nat { get; init; }
    public string? Mode { get; init; }
    public int? VlanId { get; init; }
    public IReadOnlyList<string> Routes { get; init; } = [];
    public IReadOnlyList<ForwardSpec> Forwards { get; init; } = [];
    public IReadOnlyList<string> Netem { get; init; } = [];
    public IReadOnlyList<string> Ethtool { get; init; } = [];
}
