using System.Net;
using Conlink.Actors.Status;
using Conlink.Actors.Tests.Fakes;
using Conlink.Config.Model;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>Tunnels, and what the engine does when interfaces disappear behind its back.</summary>
public sealed class RepairAndTunnelTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = INFO")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly EngineHarness _engine = new();

    private static NetworkConfig WithTunnel(TunnelType type) => NetworkConfig.Empty with
    {
        Tunnels = [new TunnelSpec { Type = type, Bridge = TestPlans.S1, Remote = IPAddress.Parse("192.168.77.2"), Vni = 1001 }],
    };

    [Fact]
    public void Tunnel_is_created_attached_to_its_bridge_and_counted_before_all_links_connected()
    {
        _engine.Runtime.Existing("h1");

        EventFilter.Info(StatusTracker.AllConnected).ExpectOne(Wait,
            () => _engine.Start(this, TestPlans.VethPerContainer("eth0"), WithTunnel(TunnelType.Vxlan)));

        Assert.True(_engine.Network.Tunnels.ContainsKey("vxlan-1001"));
        Assert.True(_engine.Network.BridgePorts["s1"].ContainsKey("vxlan-1001"));
        var status = _engine.Status(this);
        Assert.Equal(2, status.Links.Count);
        Assert.Equal(LinkState.Ready, status.Links.Single(l => l.Id == "tunnel:vxlan-1001").State);
    }

    [Fact]
    public void Tunnel_removed_by_hand_is_recreated_and_attached_again()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"), WithTunnel(TunnelType.Vxlan));
        AwaitAssert(() => Assert.True(_engine.Network.BridgePorts.TryGetValue("s1", out var p) && p.ContainsKey("vxlan-1001")), Wait);

        _engine.Network.RemoveByHand("vxlan-1001");

        AwaitAssert(() =>
        {
            Assert.True(_engine.Network.Tunnels.ContainsKey("vxlan-1001"));
            Assert.True(_engine.Network.BridgePorts["s1"].ContainsKey("vxlan-1001"));
        }, Wait);
        Assert.Equal(2, _engine.Network.Operations.Count(o => o == "tunnel vxlan-1001 ensure"));
    }

    [Fact]
    public void Tunnel_on_a_kernel_without_its_type_fails_once_with_a_clear_error_and_is_not_retried()
    {
        _engine.Network.MissingTunnelTypes.Add("geneve");

        EventFilter.Error(contains: "this kernel has no 'geneve' link type").ExpectOne(Wait,
            () => _engine.Start(this, TestPlans.VethPerContainer("eth0"), WithTunnel(TunnelType.Geneve)));

        var tunnel = _engine.LinkStatus(this, "tunnel:geneve-1001");
        Assert.Equal(LinkState.Failed, tunnel.State);
        Assert.Contains("no 'geneve' link type", tunnel.Reason);
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.Single(_engine.Network.Operations, o => o == "tunnel geneve-1001 ensure");
    }

    [Fact]
    public void Bridge_removed_by_hand_is_recreated_with_its_ports_attached_again()
    {
        _engine.Runtime.Existing("h1");
        _engine.Runtime.Existing("h2");
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.Equal(2, _engine.Network.BridgePorts.GetValueOrDefault("s1")?.Count), Wait);

        _engine.Network.RemoveByHand("s1");

        AwaitAssert(() => Assert.Equal(["h1-eth0", "h2-eth0"], _engine.Network.BridgePorts.GetValueOrDefault("s1")?.Keys.Order()), Wait);
        Assert.Equal(2, _engine.Network.Operations.Count(o => o == "bridge s1 ensure"));
    }

    [Fact]
    public void Veth_removed_by_hand_is_recreated_by_its_container_and_attached_again()
    {
        _engine.Runtime.Existing("h1");
        _engine.Start(this, TestPlans.VethPerContainer("eth0", "eth1"));
        AwaitAssert(() => Assert.Equal(2, _engine.Network.Links.Count), Wait);

        EventFilter.Warning(contains: "h1: eth1 was removed behind conlink's back").ExpectOne(Wait, () => _engine.Network.RemoveByHand("h1-eth1"));

        AwaitAssert(() =>
        {
            Assert.True(_engine.Network.Links.ContainsKey("h1:eth1"));
            Assert.True(_engine.Network.BridgePorts["s1"].ContainsKey("h1-eth1"));
        }, Wait);
        Assert.Single(_engine.Network.Operations, o => o.StartsWith("apply h1:eth0", StringComparison.Ordinal));
    }

    [Fact]
    public void Interfaces_that_are_not_conlinks_own_are_left_alone()
    {
        _engine.Runtime.Existing("h1");
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        AwaitAssert(() => Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth0").State), Wait);
        var before = _engine.Network.Operations.Count;

        _engine.Network.RemoveByHand("someone-elses0");

        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(before, _engine.Network.Operations.Count);
    }
}
