using System.Net;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Host.Startup;

namespace Conlink.Host.Tests;

public sealed class StartupChecksTests
{
    private static NetworkConfig Config(BridgeSpec bridge, params LinkSpec[] links) => NetworkConfig.Empty with
    {
        Bridges = new Dictionary<string, BridgeSpec> { [bridge.Name] = bridge },
        Services = new Dictionary<string, EndpointConfig> { ["node"] = new(links, []) },
    };

    private static readonly PlanningContext NoDockerInterface = PlanningContext.Default;
    private static readonly PlanningContext DockerIpv4Only = new() { DockerEth0Address = IPAddress.Parse("172.20.0.2") };
    private static readonly PlanningContext DualStackDocker = DockerIpv4Only with { DockerEth0Ipv6Address = IPAddress.Parse("fd00:20::2") };
    private const string ForwardingOff = "IPv6 forwarding is off in conlink's namespace, and conlink cannot change that (...); give conlink's service the sysctl net.ipv6.conf.all.forwarding=1";
    private static readonly ForwardSpec Http = new(8080, 80, ForwardProtocol.Tcp);
    private static readonly BridgeSpec Linux = new("s1", BridgeMode.Linux);

    private static LinkSpec Veth(BridgeSpec bridge, params ForwardSpec[] forwards) => Veth(bridge, ["10.0.0.1/24"], forwards);

    private static LinkSpec Veth(BridgeSpec bridge, string[] ips, params ForwardSpec[] forwards) => new()
    {
        Service = "node", Bridge = bridge, Ips = ips.Select(CidrAddress.Parse).ToList(), Forward = forwards,
    };

    [Fact]
    public void Explicit_ovs_bridge_without_the_openvswitch_module_is_refused_with_what_to_load()
    {
        var ovs = new BridgeSpec("s1", BridgeMode.Ovs);

        var problems = StartupChecks.Problems(Config(ovs, Veth(ovs)), _ => false, NoDockerInterface);

        Assert.Equal(["bridge s1 uses mode 'ovs', but the openvswitch kernel module is not loaded (run 'modprobe openvswitch' on the host, or use mode linux or auto)"], problems);
    }

    [Fact]
    public void Ovs_bridge_with_the_module_loaded_passes()
    {
        var ovs = new BridgeSpec("s1", BridgeMode.Ovs);

        Assert.Empty(StartupChecks.Problems(Config(ovs, Veth(ovs)), m => m == "openvswitch", NoDockerInterface));
    }

    [Fact]
    public void Forward_without_a_docker_interface_is_refused_naming_the_link()
    {
        var linux = new BridgeSpec("s1", BridgeMode.Linux);

        var problems = StartupChecks.Problems(Config(linux, Veth(linux, new ForwardSpec(8080, 80, ForwardProtocol.Tcp))), _ => false, NoDockerInterface);

        Assert.Single(problems);
        Assert.StartsWith("service node, link eth0: forward needs conlink's Docker interface (eth0), and conlink has none", problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_on_a_patch_bridge_is_refused_naming_the_bridge_mode()
    {
        var patch = new BridgeSpec("s1", BridgeMode.Patch);

        var problems = StartupChecks.Problems(Config(patch, Veth(patch, new ForwardSpec(8080, 80, ForwardProtocol.Tcp))), _ => false, DockerIpv4Only);

        Assert.Equal(["service node, link eth0: forward needs a linux or ovs bridge, but bridge s1 is in patch mode"], problems);
    }

    [Fact]
    public void Forward_on_an_ipv6_only_link_is_refused_when_conlinks_docker_interface_has_no_ipv6_address()
    {
        var config = Config(Linux, Veth(Linux, ["fd00:10::1/64"], Http));

        Assert.Equal(["service node, link eth0: forward over IPv6 needs a global IPv6 address on conlink's own Docker interface (eth0), and it has none "
            + "(put conlink's service on a Docker network with enable_ipv6 and an IPv6 subnet)"], StartupChecks.Problems(config, _ => false, DockerIpv4Only));
    }

    [Fact]
    public void Forward_on_an_ipv6_only_link_is_refused_when_ipv6_forwarding_cannot_be_turned_on_saying_which_sysctl_to_set()
    {
        var config = Config(Linux, Veth(Linux, ["fd00:10::1/64"], Http));

        Assert.Equal(["service node, link eth0: forward over IPv6: " + ForwardingOff],
            StartupChecks.Problems(config, _ => false, DualStackDocker with { Ipv6ForwardingProblem = ForwardingOff }));
    }

    [Fact]
    public void Forward_on_an_ipv6_only_link_passes_when_conlink_has_ipv6_and_forwarding()
    {
        var config = Config(Linux, Veth(Linux, ["fd00:10::1/64"], Http));

        Assert.Empty(StartupChecks.Problems(config, _ => false, DualStackDocker));
        Assert.Empty(StartupChecks.Warnings(config, DualStackDocker));
    }

    [Fact]
    public void A_dual_stack_link_whose_conlink_has_no_ipv6_starts_with_a_warning_that_it_is_forwarded_over_ipv4_only()
    {
        var config = Config(Linux, Veth(Linux, ["10.0.0.1/24", "fd00:10::1/64"], Http));

        Assert.Empty(StartupChecks.Problems(config, _ => false, DockerIpv4Only));
        Assert.Equal(["service node, link eth0: its forwards go over IPv4 only; forward over IPv6 needs a global IPv6 address on conlink's own Docker interface (eth0), "
            + "and it has none (put conlink's service on a Docker network with enable_ipv6 and an IPv6 subnet)"], StartupChecks.Warnings(config, DockerIpv4Only));
        Assert.Equal(["service node, link eth0: its forwards go over IPv4 only; forward over IPv6: " + ForwardingOff],
            StartupChecks.Warnings(config, DualStackDocker with { Ipv6ForwardingProblem = ForwardingOff }));
    }

    [Fact]
    public void Only_configs_forwarding_to_an_ipv6_address_need_ipv6_forwarding()
    {
        Assert.True(StartupChecks.ForwardsToIpv6(Config(Linux, Veth(Linux, ["10.0.0.1/24", "fd00:10::1/64"], Http))));
        Assert.False(StartupChecks.ForwardsToIpv6(Config(Linux, Veth(Linux, ["10.0.0.1/24"], Http))));
        Assert.False(StartupChecks.ForwardsToIpv6(Config(Linux, Veth(Linux, ["10.0.0.1/24", "fd00:10::1/64"]))));
    }
}
