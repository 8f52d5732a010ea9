using Akka.Actor;
using Conlink.Actors.Containers;
using Conlink.Actors.Control;
using Conlink.Actors.Status;
using Conlink.Actors.Tests.Fakes;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>A link whose optional setting (netem, an ethtool entry) cannot be applied is kept, degraded, and counts as connected.</summary>
public sealed class DegradedLinkTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = INFO")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private const string NoNetem = "netem not applied (kernel lacks sch_netem)";
    private readonly EngineHarness _engine = new();

    [Fact]
    public void A_link_without_its_netem_is_ready_degraded_saying_why_and_all_links_are_connected()
    {
        _engine.Network.DegradedLinks["h1:eth1"] = NoNetem;
        _engine.Start(this, TestPlans.VethPerContainer("eth0", "eth1"));
        AwaitAssert(() => Assert.True(_engine.Status(this).Synced), Wait);

        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait, () => _engine.Runtime.Start("h1"));

        var degraded = _engine.LinkStatus(this, "h1:eth1");
        Assert.Equal(LinkState.Ready, degraded.State);
        Assert.True(degraded.Degraded);
        Assert.Equal("degraded: " + NoNetem, degraded.Reason);
        Assert.False(_engine.LinkStatus(this, "h1:eth0").Degraded);
        Assert.True(_engine.Network.Links.ContainsKey("h1:eth1"));
        Assert.DoesNotContain("remove h1:eth1", _engine.Network.Operations);
    }

    [Fact]
    public void Each_degraded_link_gets_one_warning_saying_what_was_not_applied_and_why()
    {
        _engine.Network.DegradedLinks["h1:eth1"] = NoNetem;
        _engine.Start(this, TestPlans.VethPerContainer("eth0", "eth1"));
        AwaitAssert(() => Assert.True(_engine.Status(this).Synced), Wait);

        EventFilter.Warning(contains: "eth1 is degraded: " + NoNetem).ExpectOne(Wait, () => _engine.Runtime.Start("h1"));
        AwaitAssert(() => Assert.True(_engine.Status(this).AllReady), Wait);
    }

    [Fact]
    public void The_startup_summary_counts_connected_degraded_and_failed_links()
    {
        _engine.Network.DegradedLinks["h1:eth1"] = NoNetem;
        _engine.Network.FailingLinks["h1:eth2"] = "no gateway";
        _engine.Start(this, TestPlans.VethPerContainer("eth0", "eth1", "eth2"));
        AwaitAssert(() => Assert.True(_engine.Status(this).Synced), Wait);

        EventFilter.Info("links: 2 connected, 1 degraded, 1 failed").ExpectOne(Wait, () => _engine.Runtime.Start("h1"));
    }

    [Fact]
    public void A_degraded_link_set_down_and_up_again_is_still_shown_degraded_saying_why()
    {
        _engine.Network.DegradedLinks["h1:eth0"] = NoNetem;
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        _engine.Runtime.Start("h1");
        AwaitAssert(() => Assert.True(_engine.Status(this).AllReady), Wait);
        Assert.True(Change("h1:eth0", new LinkChange.Down()).Succeeded);

        ControlResult up = null!;
        EventFilter.Warning(contains: "eth0 is degraded: " + NoNetem).ExpectOne(Wait, () => up = Change("h1:eth0", new LinkChange.Up()));

        Assert.True(up.Succeeded, up.Message);
        var link = _engine.LinkStatus(this, "h1:eth0");
        Assert.Equal(LinkState.Ready, link.State);
        Assert.Equal("degraded: " + NoNetem, link.Reason);
    }

    private ControlResult Change(string target, LinkChange change) =>
        _engine.Supervisor.Ask<ControlResult>(new ContainerManager.ChangeLinkRequest(target, change), Wait).Result;

    [Fact]
    public void A_failure_of_the_link_itself_still_fails_it()
    {
        _engine.Network.DegradedLinks["h1:eth0"] = NoNetem;
        _engine.Network.FailingLinks["h1:eth0"] = "address already in use";
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.True(_engine.Status(this).Synced), Wait);

        _engine.Runtime.Start("h1");

        AwaitAssert(() => Assert.Equal(LinkState.Failed, _engine.LinkStatus(this, "h1:eth0").State), Wait);
        Assert.False(_engine.LinkStatus(this, "h1:eth0").Degraded);
    }
}
