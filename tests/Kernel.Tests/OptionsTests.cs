using System.Net;
using Conlink.Config;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Link options from YAML through the engine to the kernel: ethtool settings read back with
/// <c>ethtool -k</c>, stateless NAT read back with <c>iptables -S</c> and tested with TCP, routes, netem.
/// </summary>
[Collection("kernel")]
public sealed class OptionsTests : IAsyncLifetime
{
    private readonly KernelEngine _kernel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kernel.DisposeAsync();

    [SkippableFact]
    public async Task A_veth_gets_tx_checksum_offload_off_by_default()
    {
        var node1 = await StartOneAsync("links: [{service: node, bridge: s1}]");

        var features = Offloads(node1.Pid, "eth0");

        Assert.Equal("off", features["tx-checksumming"]);
        Assert.Equal("on", features["rx-checksumming"]);
    }

    [SkippableFact]
    public async Task Keep_veth_offload_leaves_tx_checksum_offload_on()
    {
        var node1 = await StartOneAsync("links: [{service: node, bridge: s1}]", new ConfigLoadOptions { KeepVethOffload = true });

        Assert.Equal("on", Offloads(node1.Pid, "eth0")["tx-checksumming"]);
    }

    [SkippableFact]
    public async Task Each_ethtool_entry_is_applied_to_the_container_end_after_the_default()
    {
        var node1 = await StartOneAsync("links: [{service: node, bridge: s1, ethtool: [--offload rx off, -K sg off]}]");

        var features = Offloads(node1.Pid, "eth0");

        Assert.Equal(("off", "off", "off"), (features["tx-checksumming"], features["rx-checksumming"], features["scatter-gather"]));
        Assert.Equal("on", OffloadsNamed(_kernel.BridgeNamespace, "node_1-eth0")["rx-checksumming"]);
    }

    [SkippableFact]
    public async Task Both_veth_ends_get_the_default_mtu_unless_the_link_sets_its_own()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml("""
            links:
              - {service: node, bridge: s1}
              - {service: node, bridge: s1, dev: eth1, mtu: 4111}
            """, new ConfigLoadOptions { DefaultMtu = 5111 }));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);

        int Mtu(System.Text.Json.JsonElement link) => link.GetProperty("mtu").GetInt32();
        var outer = KernelProbe.LinksOfNamed(_kernel.BridgeNamespace).EnumerateArray().ToDictionary(l => l.GetProperty("ifname").GetString()!);

        Assert.Equal((5111, 5111), (Mtu(ContainerLinks.Interface(node1.Pid, "eth0")), Mtu(outer["node_1-eth0"])));
        Assert.Equal((4111, 4111), (Mtu(ContainerLinks.Interface(node1.Pid, "eth1")), Mtu(outer["node_1-eth1"])));
    }

    [SkippableFact]
    public async Task Routes_given_as_a_string_or_a_list_are_added_on_the_link()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml("""
            links:
              - {service: node, bridge: s1, ip: 10.0.0.1/24, route: 10.8.0.0/16 via 10.0.0.254}
              - {service: node, bridge: s2, dev: eth1, ip: 10.1.0.1/24, route: [10.9.0.0/16 via 10.1.0.254, 10.10.0.0/16 via 10.1.0.254 metric 7]}
            """));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);

        var routes = KernelProbe.InNamespaceOf(node1.Pid, "ip", "route", "show").Output;

        Assert.Contains("10.8.0.0/16 via 10.0.0.254 dev eth0", routes, StringComparison.Ordinal);
        Assert.Contains("10.9.0.0/16 via 10.1.0.254 dev eth1", routes, StringComparison.Ordinal);
        Assert.Contains("10.10.0.0/16 via 10.1.0.254 dev eth1 metric 7", routes, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Nat_rules_are_in_the_container_exactly_once_even_after_conlink_applies_them_again()
    {
        var node1 = await StartOneAsync("links: [{service: node, bridge: s1, ip: 10.0.0.1/24, nat: 10.0.9.1}]");
        var rules = NatRules(node1.Pid);

        await _kernel.CrashAsync();
        _kernel.Start(TestNetwork.FromYaml("links: [{service: node, bridge: s1, ip: 10.0.0.1/24, nat: 10.0.9.1}]"));
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);

        Assert.Equal(["-A PREROUTING -i eth0 -j DNAT --to-destination 10.0.9.1", "-A POSTROUTING -o eth0 -j SNAT --to-source 10.0.0.1"], rules);
        Assert.Equal(rules, NatRules(node1.Pid));
    }

    [SkippableFact]
    public async Task Traffic_to_the_links_address_reaches_the_nat_address_inside_the_container()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml("""
            links:
              - {container: server, bridge: s1, ip: 10.0.0.1/24, nat: 10.0.9.1}
              - {container: server, bridge: s2, dev: eth1, ip: 10.0.9.1/24}
              - {container: client, bridge: s1, ip: 10.0.0.2/24}
            """));
        var server = _kernel.Runtime.Start("server");
        var client = _kernel.Runtime.Start("client");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 3);
        using var listener = TcpProbe.Listen(server.Pid, new IPEndPoint(IPAddress.Parse("10.0.9.1"), 8000));

        var answer = await TcpProbe.AskAsync(client.Pid, new IPEndPoint(IPAddress.Parse("10.0.0.1"), 8000));

        Assert.NotNull(answer);
        Assert.StartsWith("10.0.9.1:8000 from 10.0.0.2:", answer, StringComparison.Ordinal);
    }

    [SkippableFact]
    [Trait("Category", "KernelWithoutFeature")]
    public async Task With_strict_netem_the_kernel_lacks_fails_that_link_clearly_and_the_containers_other_links_come_up()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Skip.If(KernelFeatures.HasQdisc("netem"), "this kernel has netem; the test of its 'kernel lacks it' error applies elsewhere");
        _kernel.Strict = true;
        _kernel.Start(TestNetwork.FromYaml("""
            links:
              - {service: node, bridge: s1, ip: 10.0.0.1/24, netem: [delay 40ms, rate 10mbit]}
              - {service: node, bridge: s2, dev: eth1, ip: 10.1.0.1/24}
            """));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);

        var status = await _kernel.WaitSettledAsync(s => s.Links.Count == 2);

        var failed = status.FailureOf("node_1:eth0");
        Assert.StartsWith("this kernel has no 'netem' qdisc (module sch_netem not loaded?): cannot add it on eth0", failed, StringComparison.Ordinal);
        status.AssertReady("node_1:eth1");
        Assert.Equal(["eth1", "lo"], ContainerLinks.Names(node1.Pid));
        Assert.False(_kernel.BridgeNamespaceLinks().ContainsKey("node_1-eth0"), "the failed link's outer end was left behind");
    }

    [SkippableFact]
    [Trait("Category", "KernelWithoutFeature")]
    public async Task Netem_the_kernel_lacks_degrades_the_link_which_keeps_its_address_mac_and_mtu_and_counts_as_connected()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Skip.If(KernelFeatures.HasQdisc("netem"), "this kernel has netem; a netem link is not degraded here (the VM level runs the not-degraded case)");
        _kernel.Start(TestNetwork.FromYaml("""
            links:
              - {service: node, bridge: s1, ip: 10.0.0.1/24, mac: "02:00:00:00:19:01", mtu: 1400, netem: [delay 40ms, rate 10mbit]}
              - {service: node, bridge: s2, dev: eth1, ip: 10.1.0.1/24}
            """));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);

        var status = await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);

        var degraded = status.Links.Single(l => l.Id == "node_1:eth0");
        Assert.True(degraded.Degraded, $"node_1:eth0 is {degraded.State} {degraded.Reason}, not degraded");
        Assert.Equal("degraded: netem not applied (kernel lacks sch_netem)", degraded.Reason);
        Assert.False(status.Links.Single(l => l.Id == "node_1:eth1").Degraded);
        Assert.Equal(["eth0", "eth1", "lo"], ContainerLinks.Names(node1.Pid));
        var eth0 = KernelProbe.InNamespaceOf(node1.Pid, "ip", "-o", "addr", "show", "dev", "eth0").Output;
        Assert.Contains("inet 10.0.0.1/24", eth0, StringComparison.Ordinal);
        var link = KernelProbe.InNamespaceOf(node1.Pid, "ip", "-o", "link", "show", "dev", "eth0").Output;
        Assert.Contains("mtu 1400", link, StringComparison.Ordinal);
        Assert.Contains("link/ether 02:00:00:00:19:01", link, StringComparison.Ordinal);
        Assert.True(_kernel.BridgeNamespaceLinks().ContainsKey("node_1-eth0"), "the degraded link's outer end is missing");
    }

    [SkippableFact]
    [Trait("Category", "KernelFeature")]
    public async Task Netem_is_applied_to_the_container_end_when_the_kernel_has_it()
    {
        Skip.IfNot(KernelProbe.IsRoot && KernelFeatures.HasQdisc("netem"), "this kernel has no netem");
        var node1 = await StartOneAsync("links: [{service: node, bridge: s1, netem: [delay 40ms, rate 10mbit]}]");

        var qdisc = KernelProbe.InNamespaceOf(node1.Pid, "tc", "qdisc", "show", "dev", "eth0").Output;

        Assert.Contains("netem", qdisc, StringComparison.Ordinal);
        Assert.Contains("delay 40ms", qdisc, StringComparison.Ordinal);
        Assert.Contains("rate 10Mbit", qdisc, StringComparison.Ordinal);
    }

    private async Task<Config.Planning.ContainerIdentity> StartOneAsync(string yaml, ConfigLoadOptions? options = null)
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml(yaml, options));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);
        return node1;
    }

    /// <summary>The container's nat rules as <c>iptables -t nat -S</c> lists them (chain policies left out).</summary>
    private static List<string> NatRules(int pid) =>
        KernelProbe.InNamespaceOf(pid, "iptables", "-t", "nat", "-S").Output.Split('\n')
            .Where(l => l.StartsWith("-A ", StringComparison.Ordinal)).ToList();

    /// <summary>The offload features of an interface as <c>ethtool -k</c> reports them ("fixed" marks dropped).</summary>
    internal static Dictionary<string, string> Offloads(int pid, string dev) =>
        ParseFeatures(KernelProbe.InNamespaceOf(pid, "ethtool", "-k", dev).Output);

    internal static Dictionary<string, string> OffloadsNamed(string netns, string dev) =>
        ParseFeatures(KernelProbe.InNamed(netns, "ethtool", "-k", dev).Output);

    private static Dictionary<string, string> ParseFeatures(string output) =>
        output.Split('\n').Select(l => l.Trim().Split(": ", 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Replace(" [fixed]", "", StringComparison.Ordinal));
}
