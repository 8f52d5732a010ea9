using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// The whole engine against the real kernel: containers are processes in fresh namespaces and
/// every outcome is read back from the kernel with iproute2.
/// </summary>
[Collection("kernel")]
public sealed class EngineOnKernelTests : IAsyncLifetime
{
    private readonly KernelEngine _kernel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kernel.DisposeAsync();

    [SkippableFact]
    [Trait("Category", "KernelVersion")] // veths renamed from their temporary names, which kernels before 6.2 refuse while up
    public async Task Containers_on_one_bridge_get_their_planned_links_and_reach_each_other()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestPlans.VethPerContainer("eth0"));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        var node2 = _kernel.Runtime.Start("node_2", "node", 2);

        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);

        var eth0 = ContainerLinks.Interface(node1.Pid, "eth0");
        Assert.Equal("c2:00:00:00:00:01", eth0.GetProperty("address").GetString());
        Assert.Equal(65535, eth0.GetProperty("mtu").GetInt32());
        Assert.Contains("UP", eth0.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["10.0.0.1/24"], ContainerLinks.Ipv4(eth0));
        var bridge = _kernel.BridgeNamespaceLinks();
        Assert.Equal(("bridge", (string?)null), bridge["s1"]);
        Assert.Equal(("veth", "s1"), bridge["node_1-eth0"]);
        Assert.Equal(("veth", "s1"), bridge["node_2-eth0"]);
        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.2"), "node_1 cannot ping node_2 across bridge s1");
        Assert.True(KernelProbe.Ping(node2.Pid, "10.0.0.1"), "node_2 cannot ping node_1 across bridge s1");
    }

    [SkippableFact]
    [Trait("Category", "KernelVersion")] // veths renamed from their temporary names, which kernels before 6.2 refuse while up
    public async Task Restarted_container_gets_the_same_mac_and_ip_back_and_traffic_resumes()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestPlans.VethPerContainer("eth0"));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        var before = ContainerLinks.Interface(node1.Pid, "eth0");

        var restarted = _kernel.Runtime.Restart("node_1");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2 && ContainerLinks.Has(restarted.Pid, "eth0"));

        var after = ContainerLinks.Interface(restarted.Pid, "eth0");
        Assert.NotEqual(node1.Pid, restarted.Pid);
        Assert.Equal(before.GetProperty("address").GetString(), after.GetProperty("address").GetString());
        Assert.Equal(ContainerLinks.Ipv4(before), ContainerLinks.Ipv4(after));
        Assert.True(KernelProbe.Ping(restarted.Pid, "10.0.0.2"), "restarted node_1 cannot ping node_2");
        Assert.Equal(["node_1-eth0", "node_2-eth0"], Veths());
    }

    [SkippableFact]
    public async Task Scaling_up_and_down_leaves_exactly_the_running_replicas_on_the_bridge()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestPlans.VethPerContainer("eth0"));
        for (var i = 1; i <= 4; i++) _kernel.Runtime.Start($"node_{i}", "node", i);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 4);
        Assert.Equal(["node_1-eth0", "node_2-eth0", "node_3-eth0", "node_4-eth0"], Veths());

        _kernel.Runtime.Stop("node_4");
        _kernel.Runtime.Stop("node_3");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2 && Veths().Count == 2);

        Assert.Equal(["node_1-eth0", "node_2-eth0"], Veths());
        Assert.All(Veths(), v => Assert.Equal("s1", _kernel.BridgeNamespaceLinks()[v].Master));
    }

    [SkippableFact]
    public async Task Engine_killed_and_restarted_adopts_what_is_right_and_removes_what_died_meanwhile()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        var plan = TestPlans.VethPerContainer("eth0", "eth1");
        _kernel.Start(plan);
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 4);
        var index = ContainerLinks.Interface(node1.Pid, "eth0").GetProperty("ifindex").GetInt32();

        await _kernel.CrashAsync();
        _kernel.Runtime.Stop("node_2");
        _kernel.Start(plan);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);

        Assert.Equal(index, ContainerLinks.Interface(node1.Pid, "eth0").GetProperty("ifindex").GetInt32());
        Assert.Equal(["node_1-eth0", "node_1-eth1"], Veths());
        Assert.Equal(["eth0", "eth1", "lo"], ContainerLinks.Names(node1.Pid));
    }

    [SkippableFact]
    public async Task Shutdown_removes_every_link_and_bridge_and_leaves_the_bridge_namespace_empty()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestPlans.VethPerContainer("eth0"));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);

        var done = await _kernel.ShutdownAsync();

        Assert.Equal(["s1"], done);
        Assert.Equal(["lo"], _kernel.BridgeNamespaceLinks().Keys);
        Assert.Equal(["lo"], ContainerLinks.Names(node1.Pid));
    }

    private List<string> Veths() =>
        _kernel.BridgeNamespaceLinks().Where(l => l.Value.Kind == "veth").Select(l => l.Key).Order().ToList();
}
