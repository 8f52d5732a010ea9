using Conlink.Actors.Status;
using Conlink.Actors.Tests.Fakes;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>
/// "All links connected" during <c>docker compose up</c>: compose creates every container first and
/// starts them one by one, so a created container's links are expected until it starts (and is
/// wired), exits, or is removed.
/// </summary>
public sealed class CreatedContainerTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = INFO")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
    private readonly EngineHarness _engine = new();

    [Fact]
    public void All_links_connected_waits_for_containers_that_were_created_before_conlink_started_until_they_are_started_and_wired()
    {
        _engine.Runtime.Existing("h1");
        _engine.Runtime.Create("h2", emit: false);
        _engine.Runtime.Create("h3", emit: false);

        EventFilter.Info(StatusTracker.AllConnected).Expect(0, Quiet, () => _engine.Start(this, TestPlans.VethPerContainer("eth0")));
        AwaitAssert(() => Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth0").State), Wait);
        var waiting = _engine.LinkStatus(this, "h2:eth0");
        Assert.Equal((LinkState.Planned, ExpectedLinks.NotStartedYet), (waiting.State, waiting.Reason));
        Assert.False(_engine.Status(this).AllReady);

        EventFilter.Info(StatusTracker.AllConnected).Expect(0, Quiet, () => _engine.Runtime.Start("h2"));
        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait, () => _engine.Runtime.Start("h3"));

        var status = _engine.Status(this);
        Assert.Equal(["h1:eth0", "h2:eth0", "h3:eth0"], status.Links.Select(l => l.Id));
        Assert.All(status.Links, l => Assert.Equal((LinkState.Ready, (string?)null), (l.State, l.Reason)));
    }

    [Fact]
    public void Compose_s_create_then_start_order_announces_all_links_connected_once_after_the_last_start()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0", "eth1"));
        AwaitAssert(() => Assert.True(_engine.Status(this).Synced), Wait);

        EventFilter.Info(StatusTracker.AllConnected).Expect(0, Quiet, () =>
        {
            foreach (var name in new[] { "n1", "n2", "n3" }) _engine.Runtime.Create(name, "node");
            _engine.Runtime.Start("n1", "node");
            _engine.Runtime.Start("n2", "node", index: 2);
        });
        AwaitAssert(() => Assert.Equal(6, _engine.Status(this).Links.Count), Wait);

        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait, () => _engine.Runtime.Start("n3", "node", index: 3));
        Assert.Equal(6, _engine.Status(this).Links.Count(l => l.State == LinkState.Ready));
    }

    [Fact]
    public void A_created_container_that_is_removed_is_no_longer_expected_and_the_rest_is_all_connected()
    {
        _engine.Runtime.Existing("h1");
        _engine.Runtime.Create("h2", emit: false);
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth0").State), Wait);
        Assert.Contains(_engine.Status(this).Links, l => l.Id == "h2:eth0");

        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait, () => _engine.Runtime.Remove("h2"));

        Assert.Equal(["h1:eth0"], _engine.Status(this).Links.Select(l => l.Id));
        Assert.DoesNotContain(_engine.Network.Operations, o => o.Contains("h2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_created_container_that_exits_without_running_is_not_expected()
    {
        _engine.Runtime.Existing("h1");
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.True(_engine.Status(this).AllReady), Wait);
        _engine.Runtime.Create("h2");
        AwaitAssert(() => Assert.False(_engine.Status(this).AllReady), Wait);

        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait, () => _engine.Runtime.FailToStart("h2"));

        Assert.Equal(["h1:eth0"], _engine.Status(this).Links.Select(l => l.Id));
    }

    [Fact]
    public void A_created_container_the_config_does_not_match_is_not_expected()
    {
        _engine.Runtime.Existing("h1");
        _engine.Runtime.Create("other", emit: false);

        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait,
            () => _engine.Start(this, c => c.Name == "other" ? new Config.Planning.ContainerPlan(c, [], []) : TestPlans.VethPerContainer("eth0")(c)));

        Assert.Equal(["h1:eth0"], _engine.Status(this).Links.Select(l => l.Id));
    }
}
