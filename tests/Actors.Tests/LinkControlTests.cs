using Akka.Actor;
using Conlink.Actors.Containers;
using Conlink.Actors.Control;
using Conlink.Actors.Status;
using Conlink.Actors.Tests.Fakes;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Syntax.Netem;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>A user's changes of running links (down/up, netem) through the engine, against a fake kernel.</summary>
public sealed class LinkControlTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = INFO")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly EngineHarness _engine = new();

    private ControlResult Change(string target, LinkChange change) =>
        _engine.Supervisor.Ask<ControlResult>(new ContainerManager.ChangeLinkRequest(target, change), Wait).Result;

    private void StartWithReady(params string[] containers)
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        foreach (var c in containers) _engine.Runtime.Start(c);
        AwaitAssert(() => Assert.True(_engine.Status(this).AllReady), Wait);
    }

    [Fact]
    public void A_link_set_down_by_the_user_shows_so_and_still_counts_as_connected()
    {
        StartWithReady("h1", "h2");

        var result = Change("h1:eth0", new LinkChange.Down());

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("down h1:eth0 pid", string.Join('\n', _engine.Network.Operations), StringComparison.Ordinal);
        var status = _engine.Status(this);
        var h1 = status.Links.Single(l => l.Id == "h1:eth0");
        Assert.Equal(LinkState.Down, h1.State);
        Assert.True(h1.UserDown);
        Assert.NotNull(h1.OverriddenSince);
        Assert.True(status.AllReady);
    }

    [Fact]
    public void Up_after_the_users_down_only_sets_the_link_up_again_and_clears_the_override()
    {
        var h1 = StartWithReadyOne("h1");
        Change("h1:eth0", new LinkChange.Down());
        var before = _engine.Network.Operations.Count;

        var result = Change("h1:eth0", new LinkChange.Up());

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([$"up h1:eth0 pid {h1.Pid}"], _engine.Network.Operations.Skip(before));
        var link = _engine.LinkStatus(this, "h1:eth0");
        Assert.Equal(LinkState.Ready, link.State);
        Assert.False(link.IsOverridden);
    }

    [Fact]
    public void Up_of_a_downed_link_whose_ends_are_gone_makes_it_again_and_attaches_it()
    {
        var h1 = StartWithReadyOne("h1");
        Change("h1:eth0", new LinkChange.Down());
        _engine.Network.Links.TryRemove("h1:eth0", out _);
        var before = _engine.Network.Operations.Count;

        var result = Change("h1:eth0", new LinkChange.Up());

        Assert.True(result.Succeeded, result.Message);
        var after = _engine.Network.Operations.Skip(before).ToList();
        Assert.Equal($"up h1:eth0 pid {h1.Pid} (not intact)", after[0]);
        Assert.Contains($"apply h1:eth0 pid {h1.Pid}", after);
        Assert.Contains(after, o => o.StartsWith("attach ", StringComparison.Ordinal) && o.EndsWith("h1-eth0", StringComparison.Ordinal));
        Assert.True(_engine.Network.Links.ContainsKey("h1:eth0"));
        Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth0").State);
    }

    [Fact]
    public void Up_of_a_link_the_user_did_not_take_down_makes_it_as_planned()
    {
        var h1 = StartWithReadyOne("h1");
        var before = _engine.Network.Operations.Count;

        var result = Change("h1:eth0", new LinkChange.Up());

        Assert.True(result.Succeeded, result.Message);
        var after = _engine.Network.Operations.Skip(before).ToList();
        Assert.Contains($"apply h1:eth0 pid {h1.Pid}", after);
        Assert.DoesNotContain(after, o => o.StartsWith("up ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_degraded_link_taken_down_and_up_again_stays_degraded_saying_why()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        _engine.Network.DegradedLinks["h1:eth0"] = "netem not applied (kernel lacks sch_netem)";
        _engine.Runtime.Start("h1");
        AwaitAssert(() => Assert.True(_engine.Status(this).AllReady), Wait);
        var reason = _engine.LinkStatus(this, "h1:eth0").Reason;
        Change("h1:eth0", new LinkChange.Down());

        Assert.True(Change("h1:eth0", new LinkChange.Up()).Succeeded);

        Assert.Equal("degraded: netem not applied (kernel lacks sch_netem)", reason);
        Assert.Equal(reason, _engine.LinkStatus(this, "h1:eth0").Reason);
    }

    [Fact]
    public void A_restarted_container_gets_its_link_back_down()
    {
        StartWithReady("h1");
        Change("h1:eth0", new LinkChange.Down());

        var restarted = _engine.Runtime.Restart("h1");

        AwaitAssert(() =>
        {
            Assert.Contains($"down h1:eth0 pid {restarted.Pid}", _engine.Network.Operations);
            Assert.Equal(LinkState.Down, _engine.LinkStatus(this, "h1:eth0").State);
        }, Wait);
    }

    [Fact]
    public async Task A_container_actor_restarted_after_a_fault_keeps_the_users_down_link_down()
    {
        var h1 = StartWithReadyOne("h1");
        Assert.True(Change("h1:eth0", new LinkChange.Down()).Succeeded);
        var downs = _engine.Network.Operations.Count(o => o == $"down h1:eth0 pid {h1.Pid}");

        var actor = await Sys.ActorSelection("/user/conlink/containers/*").ResolveOne(Wait);
        actor.Tell(Kill.Instance);

        AwaitAssert(() => Assert.Equal(downs + 1, _engine.Network.Operations.Count(o => o == $"down h1:eth0 pid {h1.Pid}")), Wait);
        var link = _engine.LinkStatus(this, "h1:eth0");
        Assert.Equal(LinkState.Down, link.State);
        Assert.True(link.UserDown);
    }

    private ContainerIdentity StartWithReadyOne(string container)
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        var started = _engine.Runtime.Start(container);
        AwaitAssert(() => Assert.True(_engine.Status(this).AllReady), Wait);
        return started;
    }

    [Fact]
    public void A_netem_override_is_used_when_the_container_restarts_and_reset_goes_back_to_the_declared_one()
    {
        StartWithReady("h1");
        var netem = new NetemSetting(["delay 50ms"], NetemSpec.Parse("delay 50ms"));

        Assert.True(Change("h1:eth0", new LinkChange.SetNetem(netem)).Succeeded);
        Assert.Equal("delay 50ms", _engine.LinkStatus(this, "h1:eth0").NetemOverride);
        Assert.Contains("netem h1:eth0 delay 50ms", _engine.Network.Operations);

        Assert.True(Change("h1:eth0", new LinkChange.ResetNetem()).Succeeded);
        Assert.Contains("netem h1:eth0 none", _engine.Network.Operations);
        Assert.Null(_engine.LinkStatus(this, "h1:eth0").NetemOverride);
    }

    [Fact]
    public void A_kernel_without_netem_refuses_naming_netem_and_sch_netem_and_nothing_is_remembered()
    {
        StartWithReady("h1");
        _engine.Network.NoNetem = true;

        var result = Change("h1:eth0", new LinkChange.SetNetem(new NetemSetting(["delay 5ms"], NetemSpec.Parse("delay 5ms"))));

        Assert.Equal(ControlOutcome.KernelRefused, result.Outcome);
        Assert.Contains("sch_netem", result.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", result.Message, StringComparison.Ordinal);
        Assert.False(_engine.LinkStatus(this, "h1:eth0").IsOverridden);
    }

    [Theory]
    [InlineData("nobody:eth0", "no running container with links is named nobody")]
    [InlineData("h1:eth9", "h1 has no link eth9 (its links: eth0)")]
    [InlineData("h1", "is not a link")]
    public void An_unknown_target_is_refused_with_what_exists(string target, string message)
    {
        StartWithReady("h1");

        var result = Change(target, new LinkChange.Down());

        Assert.Equal(ControlOutcome.NotFound, result.Outcome);
        Assert.Contains(message, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_engine.Network.Operations, o => o.StartsWith("down", StringComparison.Ordinal));
    }
}
