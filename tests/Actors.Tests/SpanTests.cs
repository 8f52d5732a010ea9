using System.Net;
using Akka.Actor;
using Conlink.Actors.Ports;
using Conlink.Actors.Status;
using Conlink.Actors.Tests.Fakes;
using Conlink.Config.Model;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>A spanned bridge's vxlan and its flood entries follow the cluster as the engine is told it.</summary>
public sealed class SpanTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = INFO")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly BridgeSpec Spanned = TestPlans.S1 with { Span = new ClusterSpan(5001, false) };
    private const string Dev = "span-5001";
    private readonly EngineHarness _engine = new();

    private static NetworkConfig Config => NetworkConfig.Empty with { Bridges = new Dictionary<string, BridgeSpec> { ["s1"] = Spanned } };

    private static ClusterMember Member(string ip, MemberStatus status = MemberStatus.Up, bool reachable = true, bool self = false, int vni = 5001) =>
        new($"akka.tcp://conlink@{ip}:4053", IPAddress.Parse(ip), status, reachable, self, new Dictionary<string, int> { ["s1"] = vni });

    private static ClusterView View(params ClusterMember[] others) => new([Member("192.168.1.1", self: true), .. others], Joined: true);

    private HashSet<string> Flood() => _engine.Network.Floods.TryGetValue(Dev, out var f) ? f.Keys.Select(k => k.ToString()).ToHashSet() : [];

    [Fact]
    public void The_vxlan_is_made_on_its_bridge_and_counted_before_all_links_connected()
    {
        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait, () => _engine.Start(this, TestPlans.VethPerContainer("eth0"), Config));

        Assert.True(_engine.Network.BridgePorts["s1"].ContainsKey(Dev));
        Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "span:s1").State);
    }

    [Fact]
    public void Flood_entries_are_the_other_up_reachable_members_with_the_same_bridge_and_vni()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"), Config);
        _engine.Supervisor.Tell(View(Member("192.168.1.2"), Member("192.168.1.3", reachable: false), Member("192.168.1.4", MemberStatus.Joining),
            Member("192.168.1.5", vni: 7), Member("192.168.1.6", MemberStatus.Leaving)));

        AwaitAssert(() => Assert.Equal(["192.168.1.2"], Flood()), Wait);
    }

    [Fact]
    public void A_member_that_leaves_loses_its_entry_one_that_comes_back_gets_it_again()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"), Config);
        _engine.Supervisor.Tell(View(Member("192.168.1.2"), Member("192.168.1.3")));
        AwaitAssert(() => Assert.Equal(["192.168.1.2", "192.168.1.3"], Flood().Order()), Wait);

        _engine.Supervisor.Tell(View(Member("192.168.1.2")));
        AwaitAssert(() => Assert.Equal(["192.168.1.2"], Flood()), Wait);

        _engine.Supervisor.Tell(View(Member("192.168.1.2"), Member("192.168.1.3")));
        AwaitAssert(() => Assert.Equal(["192.168.1.2", "192.168.1.3"], Flood().Order()), Wait);
    }

    [Fact]
    public void Entries_in_the_kernel_stay_until_this_member_has_joined_and_go_when_it_is_out_of_the_cluster()
    {
        _engine.Network.Floods[Dev] = new() { [IPAddress.Parse("192.168.1.9")] = true };
        _engine.Start(this, TestPlans.VethPerContainer("eth0"), Config);
        _engine.Supervisor.Tell(ClusterView.NotJoined);
        AwaitAssert(() => Assert.Contains(Dev, _engine.Network.Tunnels.Keys), Wait);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(["192.168.1.9"], Flood());

        _engine.Supervisor.Tell(View(Member("192.168.1.2")));
        AwaitAssert(() => Assert.Equal(["192.168.1.2"], Flood()), Wait);

        _engine.Supervisor.Tell(ClusterView.NotJoined);
        AwaitAssert(() => Assert.Empty(Flood()), Wait);
    }

    [Fact]
    public void A_vxlan_removed_by_hand_is_made_again_with_its_entries()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"), Config);
        _engine.Supervisor.Tell(View(Member("192.168.1.2")));
        AwaitAssert(() => Assert.Equal(["192.168.1.2"], Flood()), Wait);

        _engine.Network.RemoveByHand(Dev);
        _engine.Network.Floods.TryRemove(Dev, out _);

        AwaitAssert(() =>
        {
            Assert.True(_engine.Network.BridgePorts["s1"].ContainsKey(Dev));
            Assert.Equal(["192.168.1.2"], Flood());
        }, Wait);
    }

    [Fact]
    public void A_link_too_large_for_the_underlay_with_vxlans_headers_is_warned_about()
    {
        _engine.Network.UnderlayMtu = 1500;
        var link = new LinkSpec { Service = "node", Dev = "eth0", Bridge = Spanned, Mtu = 1500 };
        var config = Config with { Services = new Dictionary<string, EndpointConfig> { ["node"] = new([link], []) } };

        EventFilter.Warning(contains: "link service node dev eth0 has MTU 1500").ExpectOne(Wait,
            () => _engine.Start(this, TestPlans.VethPerContainer("eth0"), config));
    }

    [Fact]
    public async Task The_vxlan_is_deleted_at_shutdown()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"), Config);
        AwaitAssert(() => Assert.Contains(Dev, _engine.Network.Tunnels.Keys), Wait);

        await _engine.StopAsync(this);

        Assert.Contains($"span {Dev} delete", _engine.Network.Operations);
        Assert.DoesNotContain(Dev, _engine.Network.Tunnels.Keys);
    }

    [Fact]
    public async Task A_span_supervisor_restarted_after_an_apply_keeps_the_applied_spans_and_the_cluster_view()
    {
        var s2 = new BridgeSpec("s2", BridgeMode.Linux) { Span = new ClusterSpan(5002, false) };
        var both = Config with { Bridges = new Dictionary<string, BridgeSpec> { ["s1"] = Spanned, ["s2"] = s2 } };
        var peer = new ClusterMember("akka.tcp://conlink@192.168.1.2:4053", IPAddress.Parse("192.168.1.2"), MemberStatus.Up, true, false,
            new Dictionary<string, int> { ["s1"] = 5001, ["s2"] = 5002 });
        _engine.Start(this, TestPlans.VethPerContainer("eth0"), Config);
        var applied = await _engine.Supervisor.Ask<Conlink.Actors.Containers.ContainerManager.Replanned>(
            new Conlink.Actors.Engine.ConlinkSupervisor.ApplyConfig(both, TestPlans.VethPerContainer("eth0"), DryRun: false, Wait), Wait);
        Assert.True(applied.Result.Succeeded, applied.Result.Message);
        _engine.Supervisor.Tell(new ClusterView([Member("192.168.1.1", self: true), peer], Joined: true));
        AwaitAssert(() => Assert.Equal(["192.168.1.2"], _engine.Network.Floods.TryGetValue("span-5002", out var f) ? f.Keys.Select(k => k.ToString()) : []), Wait);
        var ensured = _engine.Network.Operations.Count(o => o == "span span-5002 ensure");
        _engine.Network.Floods.TryRemove("span-5002", out _);
        var spans = await Sys.ActorSelection("/user/conlink/spans").ResolveOne(Wait);

        spans.Tell(Kill.Instance);

        AwaitAssert(() =>
        {
            Assert.True(_engine.Network.Operations.Count(o => o == "span span-5002 ensure") > ensured, "the applied span was not made again");
            Assert.Equal(["192.168.1.2"], _engine.Network.Floods.TryGetValue("span-5002", out var f) ? f.Keys.Select(k => k.ToString()) : []);
        }, Wait);
    }
}
