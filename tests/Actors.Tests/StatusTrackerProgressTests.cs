using Akka.Actor;
using Conlink.Actors.Status;

namespace Conlink.Actors.Tests;

/// <summary>The bring-up progress lines the status tracker logs ("links ready: 1/2 (1 failed)").</summary>
public sealed class StatusTrackerProgressTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = INFO")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static LinkStatus Planned(string id) => new(id, "h1", id.Split(':')[1], LinkState.Planned, null, null, null, "s1", DateTimeOffset.UtcNow);

    [Fact]
    public void Bring_up_that_ends_with_a_failed_link_logs_the_final_count_at_once_not_after_the_interval()
    {
        var tracker = Sys.ActorOf(StatusTracker.Props(["docker"], [], TimeSpan.FromHours(1)));
        tracker.Tell(new StatusTracker.SyncComplete("docker"));
        EventFilter.Info("links ready: 0/2").ExpectOne(Wait, () => tracker.Tell(new StatusTracker.Expect("h1", [Planned("h1:eth0"), Planned("h1:eth1")])));

        EventFilter.Info("links ready: 1/2 (1 failed)").ExpectOne(Wait, () =>
        {
            tracker.Tell(new StatusTracker.Update("h1", "h1:eth0", LinkState.Creating));
            tracker.Tell(new StatusTracker.Update("h1", "h1:eth1", LinkState.Creating));
            tracker.Tell(new StatusTracker.Update("h1", "h1:eth0", LinkState.Ready));
            tracker.Tell(new StatusTracker.Update("h1", "h1:eth1", LinkState.Failed, "no gateway"));
        });
    }

    [Fact]
    public void Within_the_interval_links_still_coming_up_are_not_logged_one_by_one()
    {
        var tracker = Sys.ActorOf(StatusTracker.Props(["docker"], [], TimeSpan.FromHours(1)));
        tracker.Tell(new StatusTracker.SyncComplete("docker"));
        EventFilter.Info("links ready: 0/3").ExpectOne(Wait, () => tracker.Tell(new StatusTracker.Expect("h1", [Planned("h1:eth0"), Planned("h1:eth1"), Planned("h1:eth2")])));

        EventFilter.Info(start: "links ready").Expect(0, TimeSpan.FromMilliseconds(300), () =>
        {
            tracker.Tell(new StatusTracker.Update("h1", "h1:eth0", LinkState.Ready));
            tracker.Tell(new StatusTracker.Update("h1", "h1:eth1", LinkState.Failed, "no gateway"));
        });
    }
}
