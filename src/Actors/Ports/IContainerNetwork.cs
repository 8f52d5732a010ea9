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

    /// <summary>
    /// Pulls the cable: a veth's outer end goes down, so the container end loses its carrier
    /// (NO-CARRIER, LOWERLAYERDOWN) and its bridge port goes down; a link with no outer end has its
    /// container end set down. Addresses and routes stay where the kernel keeps them; bringing the
    /// link up again is <see cref="SetUpAsync"/>.
    /// </summary>
    Task SetDownAsync(LinkPlan link, CancellationToken ct);

    /// <summary>
    /// Plugs the cable back in after <see cref="SetDownAsync"/>: sets that end up again, and puts back
    /// the planned addresses and routes where the kernel dropped them while it was down (nothing
    /// else is redone). Returns false, changing nothing, when the link is not intact (an end is
    /// missing, of another kind, or not this link's): it then needs <see cref="ApplyAsync"/>.
    /// </summary>
    Task<bool> SetUpAsync(LinkPlan link, CancellationToken ct);

    /// <summary>
    /// Waits (bounded) until the container end is operational (IFF_RUNNING): the kernel turns a
    /// carrier that came back into a working queue a moment later, and traffic sent before is dropped.
    /// </summary>
    Task WaitOperationalAsync(LinkPlan link, TimeSpan timeout, CancellationToken ct);

    /// <summary>Replaces the container end's netem with <paramref name="netem"/>, or removes it (null). Nothing else changes.</summary>
    /// <exception cref="MissingKernelFeatureException">The kernel has no netem; nothing was changed.</exception>
    Task SetNetemAsync(LinkPlan link, Conlink.Syntax.Netem.NetemSpec? netem, CancellationToken ct);

    /// <summary>
    /// Changes a live link in place from <paramref name="old"/> to <paramref name="new"/> where they
    /// differ in address, MTU (both ends), routes or netem; nothing else is touched. A new netem the
    /// kernel cannot take is, as in <see cref="ApplyAsync"/>, listed in the result's
    /// <see cref="LinkApplied.NotApplied"/> unless the driver is strict (then it fails the change).
    /// </summary>
    Task<LinkApplied> ReconfigureAsync(LinkPlan old, LinkPlan @new, CancellationToken ct);

    /// <summary>Removes the link (both ends); succeeds when it is already gone.</summary>
    Task RemoveAsync(LinkPlan link, CancellationToken ct);
}
