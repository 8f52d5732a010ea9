using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Open vSwitch for real (in the vm level's VM): the engine's ovs-vsctl calls go to a running
/// ovsdb-server and ovs-vswitchd, the bridge forwards traffic, and OVSDB is read back.
/// </summary>
[Collection("kernel")]
[Trait("Category", "KernelFeature")]
public sealed class BridgeOvsKernelTests : IAsyncLifetime
{
    private readonly KernelEngine _kernel = new();
    private OpenVswitch? _ovs;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _kernel.DisposeAsync();
        _ovs?.Dispose();
    }

    [SkippableFact]
    public async Task An_ovs_bridge_forwards_between_its_ports_which_come_and_go_with_their_containers_and_leaves_nothing_in_ovsdb()
    {
        Skip.If(OpenVswitch.Missing is not null, OpenVswitch.Missing);
        _ovs = OpenVswitch.Start(_kernel.BridgeNamespace);
        // The startup check asks whether the module is loaded; here it really is (OpenVswitch.Missing says so).
        _kernel.LoadedModules.Add("openvswitch");
        _kernel.Start(TestNetwork.FromYaml("""
            bridges:
              - {bridge: o1, mode: ovs}
            links:
              - {service: node, bridge: o1, ip: 10.0.0.1/24}
            """));

        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);

        Assert.Equal(["o1"], OpenVswitch.Bridges());
        Assert.Equal(["node_1-eth0", "node_2-eth0"], OpenVswitch.Ports("o1").Order());
        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.2"), "node_1 cannot ping node_2 across the ovs bridge");

        _kernel.Runtime.Stop("node_2");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1 && OpenVswitch.Ports("o1").Count == 1);
        Assert.Equal(["node_1-eth0"], OpenVswitch.Ports("o1"));

        await _kernel.ShutdownAsync();

        Assert.Empty(OpenVswitch.Bridges());
        Assert.Equal(2, OpenVswitch.Vsctl("br-exists", "o1").ExitCode);
    }
}
