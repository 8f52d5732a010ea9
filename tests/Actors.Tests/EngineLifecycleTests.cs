using Akka.Actor;
using Conlink.Actors.Engine;
using Conlink.Actors.Status;
using Conlink.Actors.Tests.Fakes;
using Conlink.Config.Model;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>The engine, driven through start, die, restart and scale sequences, against a fake kernel.</summary>
public sealed class EngineLifecycleTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = INFO")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly EngineHarness _engine = new();

    [Fact]
    public void Started_container_gets_its_links_created_and_attached_to_its_bridge()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        _engine.Runtime.Start("h1");

        AwaitAssert(() =>
        {
            Assert.True(_engine.Network.Links.ContainsKey("h1:eth0"));
            Assert.True(_engine.Network.BridgePorts["s1"].ContainsKey("h1-eth0"));
            Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth0").State);
        }, Wait);
    }

    [Fact]
    public void All_links_connected_is_logged_once_every_listed_container_is_ready()
    {
        _engine.Runtime.Existing("h1");
        _engine.Runtime.Existing("h2");

        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait, () => _engine.Start(this, TestPlans.VethPerContainer("eth0", "eth1")));

        var status = _engine.Status(this);
        Assert.Equal(4, status.Links.Count);
        Assert.All(status.Links, l => Assert.Equal(LinkState.Ready, l.State));
    }

    [Fact]
    public void All_links_connected_waits_for_a_link_that_is_still_being_created()
    {
        _engine.Runtime.Existing("h1");
        _engine.Runtime.Existing("h2");
        var slow = new TaskCompletionSource();
        _engine.Network.Gates["h2:eth0"] = slow;

        EventFilter.Info(StatusTracker.AllConnected).Expect(0, TimeSpan.FromMilliseconds(500),
            () => _engine.Start(this, TestPlans.VethPerContainer("eth0")));
        AwaitAssert(() => Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth0").State), Wait);
        Assert.Equal(LinkState.Creating, _engine.LinkStatus(this, "h2:eth0").State);

        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait, () => slow.SetResult());
    }

    [Fact]
    public void All_links_connected_is_logged_again_after_a_restart_is_rebuilt()
    {
        _engine.Runtime.Existing("h1");
        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait, () => _engine.Start(this, TestPlans.VethPerContainer("eth0")));

        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait, () => _engine.Runtime.Restart("h1"));
    }

    [Fact]
    public void Configured_bridges_are_created_at_startup_before_any_container_needs_them()
    {
        var config = NetworkConfig.Empty with
        {
            Bridges = new Dictionary<string, BridgeSpec> { ["s1"] = TestPlans.S1, ["s2"] = new("s2", BridgeMode.Linux) },
        };

        _engine.Start(this, TestPlans.VethPerContainer("eth0"), config);

        AwaitAssert(() => Assert.Equal(["s1", "s2"], _engine.Network.BridgePorts.Keys.Order()), Wait);
        Assert.Empty(_engine.Network.Links);
    }

    [Fact]
    public void Links_of_one_container_are_built_in_plan_order_and_removed_in_reverse()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0", "eth1", "eth2"));
        _engine.Runtime.Start("r0");
        AwaitAssert(() => Assert.Equal(3, _engine.Network.Links.Count), Wait);

        _engine.Runtime.Die("r0");
        AwaitAssert(() => Assert.Empty(_engine.Network.Links), Wait);

        var ops = _engine.Network.Operations.Where(o => o.StartsWith("apply", StringComparison.Ordinal) || o.StartsWith("remove", StringComparison.Ordinal))
            .Select(o => string.Join(' ', o.Split(' ').Take(2))).ToList();
        Assert.Equal(["apply r0:eth0", "apply r0:eth1", "apply r0:eth2", "remove r0:eth2", "remove r0:eth1", "remove r0:eth0"], ops);
    }

    [Fact]
    public void Dead_container_has_its_links_removed_and_its_ports_detached()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        _engine.Runtime.Start("h1");
        AwaitAssert(() => Assert.True(_engine.Network.Links.ContainsKey("h1:eth0")), Wait);

        _engine.Runtime.Die("h1");

        AwaitAssert(() =>
        {
            Assert.False(_engine.Network.Links.ContainsKey("h1:eth0"));
            Assert.Empty(_engine.Network.BridgePorts["s1"]);
            Assert.DoesNotContain(_engine.Status(this).Links, l => l.Owner == "h1");
        }, Wait);
        Assert.Contains("close h1", _engine.Network.Operations);
    }

    [Fact]
    public void Die_arriving_while_a_link_is_being_built_stops_the_build_and_removes_what_was_made()
    {
        _engine.Network.Gates["h1:eth1"] = new TaskCompletionSource();
        _engine.Start(this, TestPlans.VethPerContainer("eth0", "eth1", "eth2"));
        _engine.Runtime.Start("h1");
        AwaitAssert(() => Assert.Contains(_engine.Network.Operations, o => o.StartsWith("apply h1:eth1", StringComparison.Ordinal)), Wait);
        Assert.True(_engine.Network.Links.ContainsKey("h1:eth0"));

        _engine.Runtime.Die("h1");

        AwaitAssert(() =>
        {
            Assert.Empty(_engine.Network.Links);
            Assert.Contains("remove h1:eth0", _engine.Network.Operations);
            Assert.Contains("close h1", _engine.Network.Operations);
        }, Wait);
        Assert.DoesNotContain(_engine.Network.Operations, o => o.StartsWith("apply h1:eth2", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_start_events_build_the_links_once()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        _engine.Runtime.Start("h1");
        _engine.Runtime.EmitStartAgain("h1");
        _engine.Runtime.EmitStartAgain("h1");
        _engine.Runtime.Start("h2");

        AwaitAssert(() => Assert.True(_engine.Network.Links.ContainsKey("h2:eth0")), Wait);
        Assert.Single(_engine.Network.Operations, o => o.StartsWith("apply h1:eth0", StringComparison.Ordinal));
    }

    [Fact]
    public void Restarted_container_gets_its_links_back_with_the_same_mac_and_ip()
    {
        var planned = new List<Conlink.Config.Planning.ContainerPlan>();
        var plan = TestPlans.VethPerContainer("eth0");
        _engine.Start(this, c =>
        {
            var p = plan(c);
            lock (planned) planned.Add(p);
            return p;
        });
        var first = _engine.Runtime.Start("node_1", "node", 1);
        AwaitAssert(() => Assert.Equal(first.Pid, _engine.Network.Links.GetValueOrDefault("node_1:eth0")), Wait);

        var second = _engine.Runtime.Restart("node_1");

        AwaitAssert(() => Assert.Equal(second.Pid, _engine.Network.Links.GetValueOrDefault("node_1:eth0")), Wait);
        var ops = _engine.Network.Operations.ToList();
        Assert.True(ops.IndexOf("remove node_1:eth0") < ops.IndexOf($"apply node_1:eth0 pid {second.Pid}"));
        lock (planned)
        {
            Assert.Equal(2, planned.Count);
            Assert.Equal(planned[0].Links[0].Mac, planned[1].Links[0].Mac);
            Assert.Equal(planned[0].Links[0].Ips, planned[1].Links[0].Ips);
        }
    }

    [Fact]
    public void Scale_down_removes_exactly_the_removed_replicas_links()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        for (var i = 1; i <= 5; i++) _engine.Runtime.Start($"node_{i}", "node", i);
        AwaitAssert(() => Assert.Equal(5, _engine.Network.Links.Count), Wait);

        _engine.Runtime.Die("node_5");
        _engine.Runtime.Die("node_4");

        AwaitAssert(() => Assert.Equal(["node_1:eth0", "node_2:eth0", "node_3:eth0"], _engine.Network.Links.Keys.Order()), Wait);
        Assert.Equal(["node_1-eth0", "node_2-eth0", "node_3-eth0"], _engine.Network.BridgePorts["s1"].Keys.Order());
    }

    [Fact]
    public void Lost_runtime_connection_reconnects_and_resyncs_what_changed_meanwhile()
    {
        _engine.Runtime.Existing("h1");
        _engine.Runtime.Existing("h2");
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.Equal(2, _engine.Network.Links.Count), Wait);

        _engine.Runtime.Disconnect();
        _engine.Runtime.Die("h1", emit: false);
        _engine.Runtime.Existing("h3");
        _engine.Runtime.Reconnect();

        AwaitAssert(() => Assert.Equal(["h2:eth0", "h3:eth0"], _engine.Network.Links.Keys.Order()), Wait);
        Assert.True(_engine.Runtime.ListCount >= 2);
    }

    [Fact]
    public void Failing_link_is_reported_failed_and_the_other_links_still_come_up()
    {
        _engine.Network.FailingLinks["h1:eth1"] = "this kernel has no 'dummy' link type (module not loaded?)";
        _engine.Start(this, TestPlans.VethPerContainer("eth0", "eth1", "eth2"));

        EventFilter.Error(contains: "link eth1 failed: this kernel has no 'dummy' link type").ExpectOne(Wait, () => _engine.Runtime.Start("h1"));

        AwaitAssert(() =>
        {
            Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth2").State);
            var failed = _engine.LinkStatus(this, "h1:eth1");
            Assert.Equal(LinkState.Failed, failed.State);
            Assert.Contains("no 'dummy' link type", failed.Reason);
        }, Wait);
        Assert.Equal(["h1:eth0", "h1:eth2"], _engine.Network.Links.Keys.Order());
        Assert.Contains("remove h1:eth1", _engine.Network.Operations);
    }

    [Fact]
    public async Task Crashed_container_actor_restarts_and_reconciles_its_links()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        var h1 = _engine.Runtime.Start("h1");
        AwaitAssert(() => Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth0").State), Wait);

        var actor = await Sys.ActorSelection("/user/conlink/containers/*").ResolveOne(Wait);
        actor.Tell(Kill.Instance);

        AwaitAssert(() => Assert.Equal(2, _engine.Network.Operations.Count(o => o == $"apply h1:eth0 pid {h1.Pid}")), Wait);
        Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth0").State);
        Assert.Single(_engine.Network.Links);
    }

    [Fact]
    public async Task Crashed_container_manager_lists_the_containers_again_and_adopts_their_links()
    {
        var h1 = _engine.Runtime.Existing("h1");
        _engine.Runtime.Existing("h2");
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.True(_engine.Status(this).AllReady), Wait);
        var manager = await Sys.ActorSelection("/user/conlink/containers").ResolveOne(Wait);

        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait, () =>
        {
            manager.Tell(Kill.Instance);
            _engine.Runtime.Die("h2");
        });

        var status = _engine.Status(this);
        Assert.Equal(["h1:eth0"], status.Links.Select(l => l.Id));
        Assert.True(status.AllReady);
        Assert.Equal(2, _engine.Network.Operations.Count(o => o == $"apply h1:eth0 pid {h1.Pid}"));
        Assert.True(_engine.Runtime.ListCount >= 2);
    }

    [Fact]
    public void Commands_run_once_the_links_are_up()
    {
        var commands = new[]
        {
            new CommandSpec { Service = "web", Command = ["echo up"], IsShell = true },
            new CommandSpec { Service = "web", Command = ["ip", "addr"] },
        };
        _engine.Start(this, TestPlans.VethPerContainer(["eth0"], commands));

        EventFilter.Info(contains: "web_1: command ip addr exited with 0").ExpectOne(Wait, () => _engine.Runtime.Start("web_1", "web"));

        Assert.Equal([["sh", "-c", "echo up"], ["ip", "addr"]], _engine.Runtime.Execs.Select(e => e.Argv));
        Assert.True(_engine.Network.Links.ContainsKey("web_1:eth0"));
    }

    [Fact]
    public void Container_without_matching_config_is_ignored()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        _engine.Runtime.Start("unmatched_1");
        _engine.Runtime.Start("h1");

        AwaitAssert(() => Assert.True(_engine.Network.Links.ContainsKey("h1:eth0")), Wait);
        Assert.DoesNotContain(_engine.Network.Operations, o => o.Contains("unmatched", StringComparison.Ordinal));
        Assert.DoesNotContain(_engine.Status(this).Links, l => l.Owner == "unmatched_1");
    }

    [Fact]
    public void Stale_interfaces_are_swept_after_the_first_full_listing_but_wanted_ones_are_kept()
    {
        _engine.Network.StaleOuterDevs.UnionWith(["h1-eth0", "gone_1-eth0"]);
        _engine.Runtime.Existing("h1");
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));

        AwaitAssert(() => Assert.Contains("sweep gone_1-eth0", _engine.Network.Operations), Wait);
        Assert.Contains("h1-eth0", _engine.Network.StaleOuterDevs);
    }

    [Fact]
    public async Task Shutdown_removes_every_link_and_deletes_the_bridges()
    {
        _engine.Runtime.Existing("h1");
        _engine.Runtime.Existing("h2");
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.Equal(2, _engine.Network.Links.Count), Wait);

        var deleted = await _engine.StopAsync(this);

        Assert.Equal(["s1"], deleted);
        Assert.Empty(_engine.Network.Links);
        Assert.False(_engine.Network.BridgePorts.ContainsKey("s1"));
    }
}
