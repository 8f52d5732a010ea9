using Conlink.Actors.Status;

namespace Conlink.Kernel.Tests;

/// <summary>Reads one link's outcome from a status snapshot, failing the test when it is not the expected one.</summary>
public static class LinkOutcomes
{
    /// <summary>The reason the link failed; the test fails when it did not.</summary>
    public static string FailureOf(this StatusTracker.Snapshot status, string linkId)
    {
        var link = status.Links.Single(l => l.Id == linkId);
        Assert.True(link.State == LinkState.Failed, $"{linkId} is {link.State}, not failed");
        return link.Reason!;
    }

    public static void AssertReady(this StatusTracker.Snapshot status, string linkId) =>
        Assert.Equal(LinkState.Ready, status.Links.Single(l => l.Id == linkId).State);
}
