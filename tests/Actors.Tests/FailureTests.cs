using System.Net;
using Akka.Actor;
using Conlink.Actors.Engine;
using Conlink.Actors.Status;
using Conlink.Actors.Tests.Fakes;
using Conlink.Config.Model;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>No failure is swallowed: each is retried, reported, or stops the engine loudly.</summary>
public sealed class FailureTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = DEBUG")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly EngineHarness _engine = new();

    private static NetworkConfig WithTunnel() => NetworkConfig.Empty with
    {
        Tunnels = [new TunnelSpec { Type = TunnelType.Vxlan, Bridge = TestPlans.S1, Remote = IPAddress.Parse("192.168.77.2"), Vni = 1001 }],
    };

    [Fact]
    public void A_container_whose_inspect_fails_for_a_while_is_inspected_again_with_a_warning_and_then_wired()
    {
        _engine.Runtime.FailingInspects[FakeContainerRuntime.IdOf("h1")] = 3;
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.True(_engine.Status(this).Synced), Wait);

        EventFilter.Warning(contains: "inspecting container").Expect(3, Wait, () => _engine.Runtime.Start("h1"));

        AwaitAssert(() => Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth0").State), Wait);
    }

    [Fact]
    public void An_inspect_that_keeps_failing_ends_in_an_error_naming_the_container()
    {
        var id = FakeContainerRuntime.IdOf("h1");
        _engine.Runtime.FailingInspects[id] = int.MaxValue;
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.True(_engine.Status(this).Synced), Wait);

        EventFilter.Error(contains: $"inspecting container {id} failed 10 times, last: engine answered 500")
            .ExpectOne(TimeSpan.FromSeconds(20), () => _engine.Runtime.Start("h1"));
    }

    [Fact]
    public void A_container_the_engine_says_is_gone_is_no_warning()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.True(_engine.Status(this).Synced), Wait);

        EventFilter.Warning().Expect(0, TimeSpan.FromSeconds(1), () =>
        {
            _engine.Runtime.Start("h1");
            _engine.Runtime.Die("h1", emit: false);
            _engine.Runtime.EmitStartAgain("h1");
        });
    }

    [Fact]
    public async Task A_tunnel_waiting_out_its_backoff_is_still_deleted_at_shutdown()
    {
        _engine.Network.FailingTunnels["vxlan-1001"] = "the underlay is unreachable";
        _engine.Runtime.Existing("h1");
        _engine.Start(this, TestPlans.VethPerContainer("eth0"), WithTunnel());
        AwaitAssert(() => Assert.Equal(LinkState.Failed, _engine.LinkStatus(this, "tunnel:vxlan-1001").State), Wait);

        var deleted = await _engine.StopAsync(this);

        Assert.Equal(["s1"], deleted);
        Assert.Contains("tunnel vxlan-1001 delete", _engine.Network.Operations);
    }

    [Fact]
    public async Task A_bridge_that_does_not_answer_its_delete_fails_the_shutdown_saying_so_and_the_engine_still_stops()
    {
        _engine.Network.BridgeDeleteGates["s1"] = new TaskCompletionSource();
        _engine.Runtime.Existing("h1");
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth0").State), Wait);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _engine.StopAsync(this));

        Assert.StartsWith("bridge s1 was not deleted: ", error.Message, StringComparison.Ordinal);
        await Sys.WhenTerminated.WaitAsync(Wait);
    }

    [Fact]
    public async Task A_manager_stopped_after_too_many_restarts_is_an_error_that_stops_the_engine()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        var containers = await ResolveAsync("/user/conlink/containers");

        EventFilter.Error(contains: "the container manager stopped after failing too often").ExpectOne(Wait, () =>
        {
            for (var i = 0; i < 11; i++) containers.Tell(Kill.Instance);
        });

        await Sys.WhenTerminated.WaitAsync(Wait);
        var reason = Assert.IsType<EngineShutdown.FailedReason>(CoordinatedShutdown.Get(Sys).ShutdownReason);
        Assert.Equal("the container manager stopped after failing too often; conlink cannot run on without it", reason.Why);
    }

    [Fact]
    public async Task A_container_actor_stopped_after_too_many_restarts_is_an_error_and_the_container_is_listed_and_wired_again()
    {
        _engine.Runtime.Existing("h1");
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth0").State), Wait);
        var actor = await ResolveAsync("/user/conlink/containers/*");
        var listed = _engine.Runtime.ListCount;

        EventFilter.Error(contains: "h1: its actor stopped after failing too often").ExpectOne(Wait, () =>
        {
            for (var i = 0; i < 11; i++) actor.Tell(Kill.Instance);
        });

        AwaitAssert(() =>
        {
            Assert.True(_engine.Runtime.ListCount > listed, "the runtime was not listed again");
            Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth0").State);
        }, Wait);
    }

    private async Task<IActorRef> ResolveAsync(string path)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            try
            {
                return await Sys.ActorSelection(path).ResolveOne(TimeSpan.FromSeconds(1));
            }
            catch (ActorNotFoundException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }
}
