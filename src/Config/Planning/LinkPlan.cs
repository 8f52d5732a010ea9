using Conlink.Config.Model;

namespace Conlink.Config.Planning;

/// <summary>
/// A link resolved for one container instance: the spec, with what planning resolved in place of
/// what the user wrote. Replica offsets are applied to every address of <see cref="LinkSpec.Ips"/>, <see cref="LinkSpec.Mac"/>
/// and each <see cref="LinkSpec.Forward"/>'s outer port; <see cref="LinkSpec.OuterDev"/> is the final
/// name (veth) or the host parent, and <see cref="LinkSpec.Route"/> includes the return routes of
/// forwards (one per family in <see cref="ForwardOver"/>). The engine carries this out and nothing else.
/// </summary>
public sealed record LinkPlan : LinkSpec
{
    public LinkPlan()
    {
    }

    public LinkPlan(LinkSpec spec) : base(spec)
    {
    }

    /// <summary>Stable identity of the link across restarts: <c>containerName:dev</c>.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// Why this link cannot be made for this replica (its offset IP leaves the subnet, say), or null.
    /// The engine reports such a link failed with this reason, makes nothing for it, and still makes
    /// the container's other links.
    /// </summary>
    public string? Problem { get; init; }

    /// <summary>
    /// The address families the link's forwards go over (see <see cref="ForwardFamilies"/>): IPv4,
    /// IPv6 or both, each to the link's first address of that family; empty without forwards.
    /// </summary>
    public IReadOnlyList<System.Net.Sockets.AddressFamily> ForwardOver { get; init; } = [];
}
