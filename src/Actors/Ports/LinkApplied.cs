namespace Conlink.Actors.Ports;

/// <summary>
/// What <see cref="IContainerNetwork.ApplyAsync"/> did, and each optional setting of the link (netem,
/// an ethtool entry) it could not apply, saying what and why ("netem not applied (kernel lacks sch_netem)").
/// A link with such settings is degraded: it is made and works, without them.
/// </summary>
public sealed record LinkApplied(LinkOutcome Outcome, IReadOnlyList<string> NotApplied)
{
    public LinkApplied(LinkOutcome outcome) : this(outcome, []) { }

    public bool Degraded => NotApplied.Count > 0;
}
