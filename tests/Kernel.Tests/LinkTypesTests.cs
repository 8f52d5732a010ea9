using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Kernel;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Host-parent links (macvlan, macvtap, ipvlan, ipvtap, vlan) and dummy links, from YAML through
/// the engine to the kernel. The "host" is a throwaway namespace whose parent is a veth end
/// (parent0, MTU 1400), never the machine's real interfaces.
/// </summary>
[Collection("kernel")]
public sealed class LinkTypesTests : IAsyncLifetime
{
    private const int ParentMtu = 1400;
    private readonly KernelEngine _kernel = new();
    private ScratchNetns? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _kernel.DisposeAsync();
        _host?.Dispose();
    }

    [SkippableFact]
    public async Task Macvlan_links_come_up_in_each_replica_on_the_host_parent_and_reach_each_other()
    {
        var network = StartWithHost("""
            links:
              - {service: node, type: macvlan, mode: bridge, outer-dev: parent0, ip: 10.0.5.1/24}
            """);
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        var node2 = _kernel.Runtime.Start("node_2", "node", 2);

        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);

        foreach (var node in new[] { node1, node2 })
        {
            var eth0 = ContainerLinks.Interface(node.Pid, "eth0");
            var plan = network.Plan(node).Links.Single();
            Assert.Equal("macvlan", ContainerLinks.Kind(eth0));
            Assert.Equal("bridge", ContainerLinks.Data(eth0, "mode"));
            Assert.Equal(ParentMtu, eth0.GetProperty("mtu").GetInt32());
            Assert.Equal(MacText(plan), eth0.GetProperty("address").GetString());
            Assert.Equal([plan.Ips.Single().ToString()], ContainerLinks.Ipv4(eth0));
        }
        Assert.Equal(["10.0.5.1/24"], ContainerLinks.Ipv4(ContainerLinks.Interface(node1.Pid, "eth0")));
        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.5.2"), "node_1 cannot ping node_2 over their macvlans");
        Assert.Equal(["lo", "parent0", "parent0p"], HostInterfaces());
    }

    [SkippableFact]
    public async Task A_macvlan_is_adopted_when_conlink_restarts_and_made_again_with_its_mac_when_its_container_restarts()
    {
        const string yaml = "links: [{service: node, type: macvlan, outer-dev: parent0, ip: 10.0.5.1/24}]";
        StartWithHost(yaml);
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);
        var before = ContainerLinks.Interface(node1.Pid, "eth0");

        await _kernel.CrashAsync();
        var host = _host!;
        _kernel.HostNamespace = host.Name;
        _kernel.Start(TestNetwork.FromYaml(yaml));
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);
        Assert.Equal(before.GetProperty("ifindex").GetInt32(), ContainerLinks.Interface(node1.Pid, "eth0").GetProperty("ifindex").GetInt32());

        var restarted = _kernel.Runtime.Restart("node_1");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1 && ContainerLinks.Has(restarted.Pid, "eth0"));
        var after = ContainerLinks.Interface(restarted.Pid, "eth0");
        Assert.Equal(before.GetProperty("address").GetString(), after.GetProperty("address").GetString());
        Assert.Equal(["10.0.5.1/24"], ContainerLinks.Ipv4(after));
    }

    [SkippableFact]
    public async Task A_planned_mtu_above_the_parents_is_capped_to_the_parents()
    {
        StartWithHost("""
            links:
              - {service: node, type: macvlan, outer-dev: parent0, mtu: 9000}
            """);
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);

        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);

        Assert.Equal(ParentMtu, ContainerLinks.Interface(node1.Pid, "eth0").GetProperty("mtu").GetInt32());
    }

    [SkippableFact]
    public async Task Macvtap_link_comes_up_with_its_mode_and_is_removed_on_shutdown()
    {
        StartWithHost("""
            links:
              - {service: node, type: macvtap, mode: private, dev: tap0, outer-dev: parent0, ip: 10.0.6.1/24}
            """);
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);

        var tap0 = ContainerLinks.Interface(node1.Pid, "tap0");
        Assert.Equal("macvtap", ContainerLinks.Kind(tap0));
        Assert.Equal("private", ContainerLinks.Data(tap0, "mode"));
        Assert.Equal(["10.0.6.1/24"], ContainerLinks.Ipv4(tap0));

        await _kernel.ShutdownAsync();

        Assert.Equal(["lo"], ContainerLinks.Names(node1.Pid));
    }

    [SkippableFact]
    public async Task A_missing_parent_fails_that_link_clearly_and_the_containers_other_links_come_up()
    {
        StartWithHost("""
            links:
              - {service: node, type: macvlan, dev: eth1, outer-dev: nosuchparent}
              - {service: node, bridge: s1, ip: 10.0.0.1/24}
            """);
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);

        var status = await _kernel.WaitSettledAsync(s => s.Links.Count == 2);

        var failed = status.FailureOf("node_1:eth1");
        Assert.Equal($"the parent of eth1, host interface nosuchparent (outer-dev), does not exist in namespace {_host!.Name}", failed);
        status.AssertReady("node_1:eth0");
        Assert.Equal(["eth0", "lo"], ContainerLinks.Names(node1.Pid));
    }

    [SkippableTheory]
    [Trait("Category", "KernelWithoutFeature")]
    [InlineData("ipvlan", "mode: l2")]
    [InlineData("ipvtap", "mode: l3")]
    [InlineData("vlan", "vlanid: 5")]
    public async Task A_host_parent_type_the_kernel_lacks_fails_clearly_naming_it_and_the_other_links_come_up(string type, string setting)
    {
        Skip.If(KernelProbe.IsRoot && KernelFeatures.HasLinkType(type), $"this kernel has {type}; the test of its 'kernel lacks it' error applies elsewhere");
        StartWithHost($$"""
            links:
              - {service: node, type: {{type}}, {{setting}}, dev: eth1, outer-dev: parent0, ip: 10.0.7.1/24}
              - {service: node, bridge: s1, ip: 10.0.0.1/24}
            """);
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);

        var status = await _kernel.WaitSettledAsync(s => s.Links.Count == 2);

        var failed = status.FailureOf("node_1:eth1");
        Assert.StartsWith($"this kernel has no '{type}' link type (module {(type == "vlan" ? "8021q" : type)} not loaded?): cannot create interface eth1",
            failed, StringComparison.Ordinal);
        status.AssertReady("node_1:eth0");
        Assert.Equal(["eth0", "lo"], ContainerLinks.Names(node1.Pid));
        Assert.Equal(["lo", "parent0", "parent0p"], HostInterfaces());
    }

    [SkippableTheory]
    [Trait("Category", "KernelFeature")]
    [InlineData("ipvlan", "mode: l2")]
    [InlineData("vlan", "vlanid: 5")]
    public async Task A_host_parent_type_the_kernel_has_comes_up_on_the_parent(string type, string setting)
    {
        Skip.IfNot(KernelProbe.IsRoot && KernelFeatures.HasLinkType(type), $"this kernel has no {type}");
        StartWithHost($$"""
            links:
              - {service: node, type: {{type}}, {{setting}}, outer-dev: parent0, ip: 10.0.7.1/24}
            """);
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);

        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);

        var eth0 = ContainerLinks.Interface(node1.Pid, "eth0");
        Assert.Equal(type, ContainerLinks.Kind(eth0));
        Assert.Equal(ParentMtu, eth0.GetProperty("mtu").GetInt32());
        Assert.Equal(["10.0.7.1/24"], ContainerLinks.Ipv4(eth0));
    }

    [SkippableFact]
    [Trait("Category", "KernelWithoutFeature")]
    public async Task A_dummy_link_fails_clearly_when_the_kernel_lacks_dummy_and_the_other_links_come_up()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Skip.If(KernelFeatures.HasLinkType("dummy"), "this kernel has dummy; see the test that builds one");
        _kernel.Start(TestNetwork.FromYaml("""
            links:
              - {service: node, type: dummy, dev: d0, ip: 10.0.1.1/24}
              - {service: node, bridge: s1, ip: 10.0.0.1/24}
            """));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);

        var status = await _kernel.WaitSettledAsync(s => s.Links.Count == 2);

        var failed = status.FailureOf("node_1:d0");
        Assert.StartsWith($"this kernel has no 'dummy' link type (module dummy not loaded?): cannot create interface d0 in namespace pid {node1.Pid}",
            failed, StringComparison.Ordinal);
        status.AssertReady("node_1:eth0");
        Assert.Equal(["eth0", "lo"], ContainerLinks.Names(node1.Pid));
    }

    [SkippableFact]
    [Trait("Category", "KernelFeature")]
    public async Task A_dummy_link_comes_up_in_the_container_when_the_kernel_has_dummy()
    {
        Skip.IfNot(KernelProbe.IsRoot && KernelFeatures.HasLinkType("dummy"), "this kernel has no dummy");
        _kernel.Start(TestNetwork.FromYaml("""
            links:
              - {service: node, type: dummy, dev: d0, ip: 10.0.1.1/24}
            """));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);

        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);

        var d0 = ContainerLinks.Interface(node1.Pid, "d0");
        Assert.Equal("dummy", ContainerLinks.Kind(d0));
        Assert.Equal(["10.0.1.1/24"], ContainerLinks.Ipv4(d0));
    }

    /// <summary>Makes the stand-in host (parent0, a veth whose peer parent0p is up too, so it has carrier) and starts the engine on it.</summary>
    private TestNetwork StartWithHost(string yaml)
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _host = new ScratchNetns("clhost");
        _host.Ip("link", "add", "parent0", "mtu", $"{ParentMtu}", "type", "veth", "peer", "name", "parent0p", "mtu", $"{ParentMtu}");
        _host.Ip("link", "set", "parent0", "up");
        _host.Ip("link", "set", "parent0p", "up");
        var network = TestNetwork.FromYaml(yaml);
        var host = _host;
        _kernel.HostNamespace = host.Name;
        _kernel.Start(network);
        return network;
    }

    private List<string> HostInterfaces() =>
        KernelProbe.LinksOfNamed(_host!.Name).EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!).Order().ToList();

    private static string MacText(LinkPlan plan) => MacAddresses.Format(plan.Mac!);
}
