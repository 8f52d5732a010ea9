using Conlink.Config.Planning;

namespace Conlink.Actors.Ports;

/// <summary>The links of one running container, in its network namespace.</summary>
public interface IContainerNetwork : IDisposable
{
    /// <summary>
    /// Makes the link exist exactly as planned: adopted when it already does, otherwise created
    /// (and any wrong leftover removed). The outer end, if any, is left in the bridge namespace,
    /// up but not yet attached to its bridge. On failure nothing of the link is left behind. An
    /// optional setting (netem, an ethtool entry) that cannot be applied does not fail the link
    /// unless the driver is strict: it is listed in the result's <see cref="LinkApplied.NotApplied"/>.
    /// </summary>
    Task<LinkApplied> ApplyAsync(LinkPlan link, CancellationToken ct);

    /// <summary>
    /// Adds the link's port forwards, once its outer end is attached to its bridge: their route
    /// goes through the bridge, which may not exist before the first port joins it.
    /// </summary>
    Task ApplyForwardsAsync(LinkPlan link, CancellationToken ct);

    /// <summary>Removes the link (both ends); succeeds when it is already gone.</summary>
    Task RemoveAsync(LinkPlan link, CancellationToken ct);
}
