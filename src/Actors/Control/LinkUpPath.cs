namespace Conlink.Actors.Control;

/// <summary>What <c>conlink link up</c> does next for one link.</summary>
public enum LinkUpStep
{
    /// <summary>Plug the cable back in: set up the end the user's down set down, and put back what the kernel dropped meanwhile.</summary>
    SetUp,
    /// <summary>Make the link again as planned (the full setup, which repairs whatever is wrong).</summary>
    Remake,
    /// <summary>The link is up and as planned.</summary>
    Done,
}

/// <summary>
/// How a link comes back up (pure). After a user's down the link is intact, only one end is down,
/// so up sets that end up again instead of re-running the whole setup; a link that is not held down
/// by the user, or whose ends turn out to be missing or not this link's, is made again.
/// </summary>
public static class LinkUpPath
{
    /// <param name="before">The link's override before this up.</param>
    public static LinkUpStep First(LinkOverride before) => before.Down ? LinkUpStep.SetUp : LinkUpStep.Remake;

    /// <param name="intact">Whether the set-up found both ends of the link in place (and changed nothing when it did not).</param>
    public static LinkUpStep AfterSetUp(bool intact) => intact ? LinkUpStep.Done : LinkUpStep.Remake;
}
