using Conlink.Config.Model;
using Conlink.Host.Startup;

namespace Conlink.Host.Tests;

public sealed class StartupChecksTests
{
    private static NetworkConfig Config(BridgeSpec bridge, params LinkSpec[] links) => NetworkConfig.Empty with
    {
        Bridges = new Dictionary<string, BridgeSpec> { [bridge.Name] = bridge },
        Services = new Dictionary<string, EndpointConfig> { ["node"] = new(links, []) },
    };

    private static LinkSpec Veth(BridgeSpec bridge, params ForwardSpec[] forwards) => new()
    {
        Service = "node", Bridge = bridge, Ips = [CidrAddress.Parse("10.0.0.1/24")], Forward = forwards,
    };

    [Fact]
    public void Explicit_ovs_bridge_without_the_openvswitch_module_is_refused_with_what_to_load()
    {
        var ovs = new BridgeSpec("s1", BridgeMode.Ovs);

        var problems = StartupChecks.Problems(Config(ovs, Veth(ovs)), _ => false, hasDockerInterface: false);

        Assert.Equal(["bridge s1 uses mode 'ovs', but the openvswitch kernel module is not loaded (run 'modprobe openvswitch' on the host, or use mode linux or auto)"], problems);
    }

    [Fact]
    public void Ovs_bridge_with_the_module_loaded_passes()
    {
        var ovs = new BridgeSpec("s1", BridgeMode.Ovs);

        Assert.Empty(StartupChecks.Problems(Config(ovs, Veth(ovs)), m => m == "openvswitch", hasDockerInterface: false));
    }

    [Fact]
    public void Forward_without_a_docker_interface_is_refused_naming_the_link()
    {
        var linux = new BridgeSpec("s1", BridgeMode.Linux);

        var problems = StartupChecks.Problems(Config(linux, Veth(linux, new ForwardSpec(8080, 80, ForwardProtocol.Tcp))), _ => false, hasDockerInterface: false);

        Assert.Single(problems);
        Assert.StartsWith("service node, link eth0: forward needs conlink's Docker interface (eth0), and conlink has none", problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_on_a_patch_bridge_is_refused_naming_the_bridge_mode()
    {
        var patch = new BridgeSpec("s1", BridgeMode.Patch);

        var problems = StartupChecks.Problems(Config(patch, Veth(patch, new ForwardSpec(8080, 80, ForwardProtocol.Tcp))), _ => false, hasDockerInterface: true);

        Assert.Equal(["service node, link eth0: forward needs a linux or ovs bridge, but bridge s1 is in patch mode"], problems);
    }
}
