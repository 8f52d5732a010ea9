using System.Collections.Concurrent;
using Conlink.Kernel.Tools;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Open vSwitch bridges (this kernel has no openvswitch): the engine runs on the real kernel for
/// the veths, and every <c>ovs-vsctl</c> argv goes to a recording stand-in.
/// </summary>
[Collection("kernel")]
public sealed class BridgeOvsTests : IAsyncLifetime
{
    private readonly KernelEngine _kernel = new();
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly Func<IReadOnlyList<string>, string> _realRunner = OvsVsctl.Runner;

    public Task InitializeAsync()
    {
        _kernel.LoadedModules.Add("openvswitch");
        OvsVsctl.Runner = args =>
        {
            _calls.Enqueue(string.Join(' ', args));
            return "";
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _kernel.DisposeAsync();
        OvsVsctl.Runner = _realRunner;
    }

    [SkippableFact]
    public async Task An_ovs_bridge_is_added_gets_a_port_per_link_loses_it_when_its_container_stops_and_is_deleted_on_shutdown()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml("""
            bridges:
              - {bridge: o1, mode: ovs}
            links:
              - {service: node, bridge: o1, ip: 10.0.0.1/24}
            """));

        _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);
        _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        Assert.Equal(["--may-exist add-br o1", "--may-exist add-port o1 node_1-eth0", "--may-exist add-port o1 node_2-eth0"], Calls());

        _kernel.Runtime.Stop("node_2");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1 && _calls.Count == 4);
        Assert.Equal("--if-exists del-port o1 node_2-eth0", Calls()[^1]);

        var done = await _kernel.ShutdownAsync();

        Assert.Equal(["o1"], done);
        Assert.Equal(["--if-exists del-port o1 node_1-eth0", "--if-exists del-br o1"], Calls()[4..]);
        Assert.Equal(["lo"], _kernel.BridgeNamespaceLinks().Keys);
    }

    [SkippableFact]
    public async Task A_restarted_container_is_removed_from_the_ovs_bridge_and_added_again()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml("""
            links:
              - {service: node, bridge: o1, ip: 10.0.0.1/24}
            """, new Config.ConfigLoadOptions { DefaultBridgeMode = Config.Model.BridgeMode.Ovs }));
        _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);

        var restarted = _kernel.Runtime.Restart("node_1");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1 && ContainerLinks.Has(restarted.Pid, "eth0") && _calls.Count == 4);

        Assert.Equal(["--may-exist add-br o1", "--may-exist add-port o1 node_1-eth0", "--if-exists del-port o1 node_1-eth0",
            "--may-exist add-port o1 node_1-eth0"], Calls());
    }

    private List<string> Calls() => _calls.ToList();
}
