using System.Net;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Syntax.Routes;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// The check the recovery tests rely on: the planned state lists everything conlink must make,
/// and the state read from the kernel shows every duplicate, stale or missing fact.
/// </summary>
public sealed class RecoveryStateCheckTests : IDisposable
{
    private readonly string _netns = "clstate-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => Conlink.Netlink.Namespaces.NetNs.DeleteNamed(_netns);

    [Fact]
    public void Planned_state_lists_every_bridge_interface_address_route_bridge_port_patch_rule_and_tunnel()
    {
        var s1 = new BridgeSpec("s1", BridgeMode.Linux);
        var p1 = new BridgeSpec("p1", BridgeMode.Patch);
        var a = new ContainerIdentity { Id = "a", Name = "a", Pid = 1 };
        var b = new ContainerIdentity { Id = "b", Name = "b", Pid = 2 };
        var plans = new[]
        {
            new ContainerPlan(a, [Veth(a, "eth0", s1, "10.0.0.1/24", "10.9.0.0/16 via 10.0.0.254"), Veth(a, "eth1", p1, "10.2.0.1/24")], []),
            new ContainerPlan(b, [Veth(b, "eth1", p1, "10.2.0.2/24")], []),
        };
        var tunnel = new TunnelSpec { Type = TunnelType.Vxlan, Bridge = s1, Remote = IPAddress.Parse("192.168.77.2"), Vni = 1001 };

        var config = NetworkConfig.Empty with
        {
            Bridges = new Dictionary<string, BridgeSpec> { ["s1"] = s1, ["p1"] = p1, ["s2"] = new("s2", BridgeMode.Linux) },
            Tunnels = [tunnel],
        };

        var planned = PlannedState.Of(plans, config);

        Assert.Equal(
        [
            "filter ingress dev a-eth1 u32 mirred egress redirect dev b-eth1",
            "filter ingress dev b-eth1 u32 mirred egress redirect dev a-eth1",
            "link a-eth0 veth master=s1 mtu=1450 up",
            "link a-eth1 veth mtu=1450 up",
            "link b-eth1 veth mtu=1450 up",
            "link s1 bridge up",
            "link s2 bridge up",
            "link vxlan-1001 vxlan master=s1 id=1001 remote=192.168.77.2 port=4789 up",
            "qdisc ingress dev a-eth1",
            "qdisc ingress dev b-eth1",
        ], planned.Namespaces[KernelState.BridgeNamespaceLabel].Facts);
        Assert.Equal(
        [
            "addr eth0 10.0.0.1/24",
            "addr eth1 10.2.0.1/24",
            "link eth0 veth mtu=1450 mac=c2:00:00:00:00:01 up",
            "link eth1 veth mtu=1450 mac=c2:00:00:00:00:01 up",
            "route 10.0.0.0/24 dev eth0",
            "route 10.2.0.0/24 dev eth1",
            "route 10.9.0.0/16 via 10.0.0.254 dev eth0",
        ], planned.Namespaces["a"].Facts);
    }

    [SkippableFact]
    public void Kernel_state_shows_duplicate_stale_and_missing_addresses_routes_ports_and_tc_rules()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Conlink.Netlink.Namespaces.NetNs.OpenOrCreateNamed(_netns).Dispose();
        foreach (var command in new[]
        {
            "link add s1 type bridge", "link set s1 up",
            "link add a-eth0 mtu 1450 type veth peer eth0 mtu 1450", "link set a-eth0 master s1", "link set a-eth0 up",
            "link set eth0 up", "addr add 10.0.0.1/24 dev eth0",
        })
            Assert.Equal(0, Ip(command));
        var expected = NamespaceState.Of(
        [
            "link s1 bridge up", "link a-eth0 veth master=s1 mtu=1450 up", "link eth0 veth mtu=1450 up",
            "addr eth0 10.0.0.1/24", "route 10.0.0.0/24 dev eth0",
        ]);
        Assert.Null(NamespaceState.OfNamed(_netns).DifferenceFrom(expected));

        Ip("addr add 10.0.0.9/24 dev eth0");
        Ip("route add 10.9.0.0/16 via 10.0.0.254");
        Ip("link add stale-eth0 type veth peer stale-peer");
        Ip("link set a-eth0 nomaster");
        KernelProbe.InNamed(_netns, "tc", "qdisc", "add", "dev", "a-eth0", "ingress");
        KernelProbe.InNamed(_netns, "tc", "filter", "add", "dev", "a-eth0", "parent", "ffff:", "protocol", "all", "u32",
            "match", "u8", "0", "0", "action", "mirred", "egress", "redirect", "dev", "eth0");

        var difference = NamespaceState.OfNamed(_netns).DifferenceFrom(expected);

        Assert.NotNull(difference);
        foreach (var line in new[]
        {
            "missing:    link a-eth0 veth master=s1 mtu=1450 up",
            "unexpected: link a-eth0 veth mtu=1450 up",
            "unexpected: addr eth0 10.0.0.9/24",
            "unexpected: route 10.9.0.0/16 via 10.0.0.254 dev eth0",
            "unexpected: link stale-eth0 veth mtu=1500 down",
            "unexpected: qdisc ingress dev a-eth0",
            "unexpected: filter ingress dev a-eth0 u32 mirred egress redirect dev eth0",
        })
            Assert.Contains(line, difference);
    }

    private int Ip(string command) => KernelProbe.Run("ip", ["-n", _netns, .. command.Split(' ')]).ExitCode;

    private static LinkPlan Veth(ContainerIdentity c, string dev, BridgeSpec bridge, string ip, params string[] routes) =>
        TestPlans.Veth(c, dev) with { Bridge = bridge, Ips = [CidrAddress.Parse(ip)], Mtu = 1450, Route = [.. routes.Select(r => new Parsed<RouteSpec>(r, RouteSpec.Parse(r)))] };
}
