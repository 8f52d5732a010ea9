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

    /// <summary>What was not applied to a degraded link; the test fails when the link is not ready and degraded.</summary>
    public static string DegradationOf(this StatusTracker.Snapshot status, string linkId)
    {
        var link = status.Links.Single(l => l.Id == linkId);
        Assert.True(link.Degraded, $"{linkId} is {link.State} ({link.Reason ?? "no reason"}), not ready and degraded");
        return link.Reason!;
    }

    public static void AssertReady(this StatusTracker.Snapshot status, string linkId) =>
        Assert.Equal(LinkState.Ready, status.Links.Single(l => l.Id == linkId).State);
}
