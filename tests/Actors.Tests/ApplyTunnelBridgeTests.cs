using System.Net;
using Akka.Actor;
using Conlink.Actors.Containers;
using Conlink.Actors.Engine;
using Conlink.Actors.Tests.Fakes;
using Conlink.Config.Model;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>An apply that adds, removes or changes tunnels and drops a bridge, carried out without a restart (fake kernel).</summary>
public sealed class ApplyTunnelBridgeTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = INFO")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly BridgeSpec S2 = new("s2", BridgeMode.Linux);
    private readonly EngineHarness _engine = new();

    private static TunnelSpec Vxlan(int vni, string remote) =>
        new() { Type = TunnelType.Vxlan, Bridge = TestPlans.S1, Remote = IPAddress.Parse(remote), Vni = vni };

    private static NetworkConfig Config(IEnumerable<BridgeSpec> bridges, params TunnelSpec[] tunnels) =>
        NetworkConfig.Empty with { Bridges = bridges.ToDictionary(b => b.Name), Tunnels = tunnels };

    private ContainerManager.Replanned Apply(NetworkConfig config) =>
        _engine.Supervisor.Ask<ContainerManager.Replanned>(
            new ConlinkSupervisor.ApplyConfig(config, TestPlans.VethPerContainer("eth0"), DryRun: false, Wait), Wait).Result;

    [Fact]
    public void A_removed_tunnel_is_deleted_an_added_one_made_and_a_bridge_no_longer_declared_deleted()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"), Config([TestPlans.S1, S2], Vxlan(1001, "192.168.77.2")));
        _engine.Runtime.Start("h1");
        AwaitAssert(() => Assert.True(_engine.Status(this).AllReady && _engine.Network.Tunnels.ContainsKey("vxlan-1001")), Wait);
        var applies = _engine.Network.Operations.Count(o => o.StartsWith("apply ", StringComparison.Ordinal));

        var reply = Apply(Config([TestPlans.S1], Vxlan(1002, "192.168.77.3")));

        Assert.True(reply.Result.Succeeded, reply.Result.Message);
        Assert.False(_engine.Network.Tunnels.ContainsKey("vxlan-1001"));
        Assert.Contains("bridge s2 delete", _engine.Network.Operations);
        Assert.False(_engine.Network.BridgePorts.ContainsKey("s2"));
        Assert.True(_engine.Network.BridgePorts.ContainsKey("s1"));
        AwaitAssert(() =>
        {
            Assert.True(_engine.Network.Tunnels.ContainsKey("vxlan-1002"));
            Assert.True(_engine.Network.BridgePorts["s1"].ContainsKey("vxlan-1002"));
            var status = _engine.Status(this);
            Assert.DoesNotContain(status.Links, l => l.Id == "tunnel:vxlan-1001");
            Assert.True(status.AllReady);
        }, Wait);
        Assert.Equal(applies, _engine.Network.Operations.Count(o => o.StartsWith("apply ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_tunnel_whose_remote_changed_is_deleted_before_it_is_made_again()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"), Config([TestPlans.S1], Vxlan(1001, "192.168.77.2")));
        AwaitAssert(() => Assert.True(_engine.Network.Tunnels.ContainsKey("vxlan-1001")), Wait);
        var before = _engine.Network.Operations.Count;

        var reply = Apply(Config([TestPlans.S1], Vxlan(1001, "192.168.77.9")));

        Assert.True(reply.Result.Succeeded, reply.Result.Message);
        AwaitAssert(() =>
        {
            var after = _engine.Network.Operations.Skip(before).ToList();
            var deleted = after.IndexOf("tunnel vxlan-1001 delete");
            Assert.True(deleted >= 0, string.Join("\n", after));
            Assert.Contains("tunnel vxlan-1001 ensure", after.Skip(deleted + 1));
            Assert.True(_engine.Network.Tunnels.ContainsKey("vxlan-1001"));
        }, Wait);
    }

    [Fact]
    public async Task A_tunnel_supervisor_restarted_after_an_apply_keeps_the_applied_tunnels_and_shutdown_deletes_them()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"), Config([TestPlans.S1], Vxlan(1001, "192.168.77.2")));
        AwaitAssert(() => Assert.True(_engine.Network.Tunnels.ContainsKey("vxlan-1001")), Wait);
        Assert.True(Apply(Config([TestPlans.S1], Vxlan(1002, "192.168.77.3"))).Result.Succeeded);
        AwaitAssert(() => Assert.True(_engine.Network.Tunnels.ContainsKey("vxlan-1002")), Wait);
        var ensured = _engine.Network.Operations.Count(o => o == "tunnel vxlan-1002 ensure");
        var tunnels = await Sys.ActorSelection("/user/conlink/tunnels").ResolveOne(Wait);

        tunnels.Tell(Kill.Instance);

        AwaitAssert(() =>
        {
            Assert.True(_engine.Network.Operations.Count(o => o == "tunnel vxlan-1002 ensure") > ensured, "the applied tunnel was not made again");
            Assert.True(_engine.Status(this).AllReady);
        }, Wait);
        Assert.DoesNotContain("tunnel vxlan-1001 ensure", _engine.Network.Operations.SkipWhile(o => o != "tunnel vxlan-1001 delete"));
        Assert.False(_engine.Network.Tunnels.ContainsKey("vxlan-1001"));
        Assert.DoesNotContain(_engine.Status(this).Links, l => l.Id == "tunnel:vxlan-1001");

        await _engine.StopAsync(this);

        Assert.Contains("tunnel vxlan-1002 delete", _engine.Network.Operations);
        Assert.False(_engine.Network.Tunnels.ContainsKey("vxlan-1002"));
    }
}
