using Conlink.Actors.Status;
using Conlink.Actors.Tests.Fakes;
using Conlink.Config.Model;
using Conlink.Config.Planning;

namespace Conlink.Actors.Tests;

/// <summary>
/// A replica whose offset IP leaves its subnet (the compose files did not say how many replicas
/// there would be) fails on that link alone: the container's other links still come up.
/// </summary>
public sealed class ReplicaOverflowTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = DEBUG")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly EngineHarness _engine = new();

    private static LinkSpec Veth(string dev, string ip) => new()
    {
        Type = LinkType.Veth,
        Base = LinkBase.Conlink,
        Service = "web",
        Dev = dev,
        Bridge = new BridgeSpec("s1", BridgeMode.Linux),
        Ips = [CidrAddress.Parse(ip)],
        Mtu = 65535,
    };

    private static readonly NetworkConfig Config = NetworkConfig.Empty with
    {
        Services = new Dictionary<string, EndpointConfig>
        {
            ["web"] = new([Veth("eth0", "10.0.0.254/24"), Veth("eth1", "10.1.0.1/16")], []),
        },
    };

    [Fact]
    public void An_overflowing_replica_fails_only_that_link_with_the_reason_and_its_other_links_come_up()
    {
        _engine.Start(this, c => Planner.Plan(c, Config, PlanningContext.Default), Config);
        AwaitAssert(() => Assert.True(_engine.Status(this).Synced), Wait);

        EventFilter.Error(contains: "link eth0 failed: ip 10.0.0.254/24 plus replica offset 2 leaves the subnet 10.0.0.0/24")
            .ExpectOne(Wait, () => _engine.Runtime.Start("proj-web-3", service: "web", index: 3));

        AwaitAssert(() => Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "proj-web-3:eth1").State), Wait);
        var failed = _engine.LinkStatus(this, "proj-web-3:eth0");
        Assert.Equal(LinkState.Failed, failed.State);
        Assert.Equal("ip 10.0.0.254/24 plus replica offset 2 leaves the subnet 10.0.0.0/24", failed.Reason);
        Assert.DoesNotContain(_engine.Network.Operations, o => o.StartsWith("apply proj-web-3:eth0", StringComparison.Ordinal));
        Assert.Contains(_engine.Network.Operations, o => o.StartsWith("apply proj-web-3:eth1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_that_was_never_made_is_not_removed_when_the_container_dies()
    {
        _engine.Start(this, c => Planner.Plan(c, Config, PlanningContext.Default), Config);
        AwaitAssert(() => Assert.True(_engine.Status(this).Synced), Wait);
        _engine.Runtime.Start("proj-web-3", service: "web", index: 3);
        AwaitAssert(() => Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "proj-web-3:eth1").State), Wait);

        _engine.Runtime.Die("proj-web-3");
        AwaitAssert(() => Assert.Contains("remove proj-web-3:eth1", _engine.Network.Operations), Wait);
        await Task.Delay(200);

        Assert.DoesNotContain("remove proj-web-3:eth0", _engine.Network.Operations);
    }
}
