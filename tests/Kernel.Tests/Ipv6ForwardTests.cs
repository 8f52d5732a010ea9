using System.Net;
using Conlink.Config.Planning;
using Conlink.Kernel;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Port forwards over IPv6, with real TCP: the bridge namespace gets a dual-stack Docker-facing
/// interface DOCKER-ETH0 (172.20.0.2, fd00:20::2), a veth to a client namespace (172.20.0.1,
/// fd00:20::1) that stands for the Docker host. The engine host finds both addresses and turns on
/// IPv6 forwarding in the bridge namespace itself, as conlink does where /proc/sys is writable.
/// </summary>
[Collection("kernel")]
public sealed class Ipv6ForwardTests : IAsyncLifetime
{
    private static readonly IPAddress DockerIpv4 = IPAddress.Parse("172.20.0.2");
    private static readonly IPAddress DockerIpv6 = IPAddress.Parse("fd00:20::2");

    private const string DualStackLink = "  - {service: node, bridge: s1, ip: [10.0.0.1/24, 'fd00:10::1/64'], forward: [8080:80/tcp]}\n";
    private const string Ipv6OnlyLink = "  - {service: v6only, bridge: s1, ip: 'fd00:10::100/64', forward: [9090:90/tcp]}\n";
    private const string ForwardNetwork = "links:\n" + DualStackLink + Ipv6OnlyLink;

    private readonly KernelEngine _kernel = new();
    private ScratchNetns? _client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _kernel.DisposeAsync();
        _client?.Dispose();
    }

    [SkippableFact]
    public async Task A_connection_to_conlinks_ipv6_address_reaches_each_replica_on_its_offset_port_right_after_all_links_connected()
    {
        StartWithDockerInterface(ipv6: true);
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        var node2 = _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        using var server1 = TcpProbe.Listen(node1.Pid, new IPEndPoint(IPAddress.IPv6Any, 80));
        using var server2 = TcpProbe.Listen(node2.Pid, new IPEndPoint(IPAddress.IPv6Any, 80));
        using var server1v4 = TcpProbe.Listen(node1.Pid, new IPEndPoint(IPAddress.Any, 80));

        var first = await TcpProbe.AskAsync(_client!.Name, new IPEndPoint(DockerIpv6, 8080));
        var second = await TcpProbe.AskAsync(_client.Name, new IPEndPoint(DockerIpv6, 8081));
        var overIpv4 = await TcpProbe.AskAsync(_client.Name, new IPEndPoint(DockerIpv4, 8080));

        // Masqueraded: the node sees conlink's IPv6 Docker address, and answers it through its /128 return route.
        Assert.StartsWith("[fd00:10::1]:80 from [fd00:20::2]:", first, StringComparison.Ordinal);
        Assert.StartsWith("[fd00:10::2]:80 from [fd00:20::2]:", second, StringComparison.Ordinal);
        Assert.StartsWith("10.0.0.1:80 from 172.20.0.2:", overIpv4, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_ipv6_only_link_is_forwarded_over_ipv6()
    {
        StartWithDockerInterface(ipv6: true);
        var node = _kernel.Runtime.Start("v6only_1", "v6only", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);
        using var server = TcpProbe.Listen(node.Pid, new IPEndPoint(IPAddress.IPv6Any, 90));

        Assert.StartsWith("[fd00:10::100]:90 from [fd00:20::2]:", await TcpProbe.AskAsync(_client!.Name, new IPEndPoint(DockerIpv6, 9090)), StringComparison.Ordinal);
        Assert.DoesNotContain(NatRules("iptables"), r => r.Contains("9090", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task An_ipv6_forward_has_its_ip6tables_rules_routes_bridge_address_and_ipv6_forwarding()
    {
        StartWithDockerInterface(ipv6: true);
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);

        Assert.Equal([
            "-A POSTROUTING -o s1 -m mark --mark 0x1 -j MASQUERADE",
            "-A PREROUTING -i DOCKER-ETH0 -p tcp -m tcp --dport 8080 -m comment --comment \"conlink node_1-eth0\" -j DNAT --to-destination [fd00:10::1]:80",
            "-A PREROUTING -i DOCKER-ETH0 -p tcp -m tcp --dport 8080 -m comment --comment \"conlink node_1-eth0\" -j MARK --set-xmark 0x1/0xffffffff",
        ], NatRules("ip6tables"));
        Assert.Equal(3, NatRules("iptables").Count);
        Assert.Contains(Routes(KernelProbe.InNamed(_kernel.BridgeNamespace, "ip", "-6", "route", "show")), r => r.StartsWith("fd00:10::1 dev s1 ", StringComparison.Ordinal));
        Assert.Contains(Routes(KernelProbe.InNamespaceOf(node1.Pid, "ip", "-6", "route", "show")), r => r.StartsWith("fd00:20::2 dev eth0 ", StringComparison.Ordinal));
        Assert.Contains("172.20.0.2 dev eth0 scope link", Routes(KernelProbe.InNamespaceOf(node1.Pid, "ip", "route", "show")));
        Assert.Contains("fd00:20::2/128", BridgeIpv6());
        Assert.Equal("1", KernelProbe.InNamed(_kernel.BridgeNamespace, "cat", "/proc/sys/net/ipv6/conf/all/forwarding").Output.Trim());
    }

    [SkippableFact]
    public async Task A_stopped_replicas_ipv6_forward_is_removed_and_the_last_one_takes_the_masquerade_rule_and_bridge_address_with_it()
    {
        StartWithDockerInterface(ipv6: true);
        _kernel.Runtime.Start("node_1", "node", 1);
        var node2 = _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);

        _kernel.Runtime.Stop("node_1");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1 && !NatRules("ip6tables").Any(r => r.Contains("--dport 8080", StringComparison.Ordinal)));
        using var server2 = TcpProbe.Listen(node2.Pid, new IPEndPoint(IPAddress.IPv6Any, 80));

        Assert.Equal(3, NatRules("ip6tables").Count);
        Assert.DoesNotContain(Routes(KernelProbe.InNamed(_kernel.BridgeNamespace, "ip", "-6", "route", "show")), r => r.StartsWith("fd00:10::1 dev s1 ", StringComparison.Ordinal));
        Assert.Null(await TcpProbe.AskAsync(_client!.Name, new IPEndPoint(DockerIpv6, 8080)));
        Assert.NotNull(await TcpProbe.AskAsync(_client.Name, new IPEndPoint(DockerIpv6, 8081)));

        _kernel.Runtime.Stop("node_2");
        await _kernel.WaitSettledAsync(s => s.Links.Count == 0 && NatRules("ip6tables").Count == 0 && NatRules("iptables").Count == 0);
        Assert.DoesNotContain("fd00:20::2/128", BridgeIpv6());
    }

    [SkippableFact]
    public async Task A_dual_stack_link_is_forwarded_over_ipv4_alone_when_conlinks_docker_interface_has_no_ipv6_address()
    {
        StartWithDockerInterface(ipv6: false, "links:\n" + DualStackLink);
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);
        using var server = TcpProbe.Listen(node1.Pid, new IPEndPoint(IPAddress.Any, 80));

        Assert.StartsWith("10.0.0.1:80 from 172.20.0.2:", await TcpProbe.AskAsync(_client!.Name, new IPEndPoint(DockerIpv4, 8080)), StringComparison.Ordinal);
        Assert.Empty(NatRules("ip6tables"));
        Assert.DoesNotContain(Routes(KernelProbe.InNamespaceOf(node1.Pid, "ip", "-6", "route", "show")), r => r.StartsWith("fd00:20::2", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Ipv6_disabled_on_new_interfaces_and_forwarding_off_as_docker_leaves_a_namespace_are_changed_where_proc_sys_is_writable()
    {
        // As in a Docker container on an IPv6 network: eth0 has IPv6, interfaces made later would not.
        StartWithDockerInterface(ipv6: true, sysctls: ["net.ipv6.conf.default.disable_ipv6=1", "net.ipv6.conf.all.forwarding=0"]);
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);
        using var server = TcpProbe.Listen(node1.Pid, new IPEndPoint(IPAddress.IPv6Any, 80));

        Assert.StartsWith("[fd00:10::1]:80 from [fd00:20::2]:", await TcpProbe.AskAsync(_client!.Name, new IPEndPoint(DockerIpv6, 8080)), StringComparison.Ordinal);
        Assert.Equal("0", KernelProbe.InNamed(_kernel.BridgeNamespace, "sysctl", "-n", "net.ipv6.conf.default.disable_ipv6").Output.Trim());
        Assert.Equal("1", KernelProbe.InNamed(_kernel.BridgeNamespace, "sysctl", "-n", "net.ipv6.conf.all.forwarding").Output.Trim());
    }

    [SkippableFact]
    public void An_ipv6_only_forward_refuses_to_start_when_conlinks_docker_interface_has_no_ipv6_address()
    {
        var e = Assert.Throws<Conlink.Host.EngineHostException>(() => StartWithDockerInterface(ipv6: false));

        Assert.Contains("service v6only, link eth0: forward over IPv6 needs a global IPv6 address on conlink's own Docker interface (eth0), and it has none", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("service node", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Wires DOCKER-ETH0 (bridge namespace) to eth0 in a client namespace, both with IPv4 and (when
    /// <paramref name="ipv6"/>) IPv6 addresses, sets <paramref name="sysctls"/> in the bridge
    /// namespace, and starts the engine with forwards through it.
    /// </summary>
    private void StartWithDockerInterface(bool ipv6, string network = ForwardNetwork, string[]? sysctls = null)
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Skip.IfNot(KernelFeatures.HasIp6tablesNat(), "ip6tables cannot list the nat table in a namespace here (kernel without ip6table_nat/nf_nat for IPv6?)");
        _client = new ScratchNetns("clclient6");
        var bridgeNs = _kernel.BridgeNamespace;
        ScratchNetns.Check(KernelProbe.Run("ip", ["-n", bridgeNs, "link", "add", DockerInterface.Name, "type", "veth", "peer", "name", "eth0", "netns", _client.Name]),
            "ip", ["link", "add", DockerInterface.Name]);
        ScratchNetns.Check(KernelProbe.Run("ip", ["-n", bridgeNs, "addr", "add", $"{DockerIpv4}/24", "dev", DockerInterface.Name]), "ip", ["addr", "add"]);
        _client.Ip("addr", "add", "172.20.0.1/24", "dev", "eth0");
        if (ipv6)
        {
            ScratchNetns.Check(KernelProbe.Run("ip", ["-n", bridgeNs, "addr", "add", $"{DockerIpv6}/64", "dev", DockerInterface.Name, "nodad"]), "ip", ["addr", "add"]);
            _client.Ip("addr", "add", "fd00:20::1/64", "dev", "eth0", "nodad");
        }
        ScratchNetns.Check(KernelProbe.Run("ip", ["-n", bridgeNs, "link", "set", DockerInterface.Name, "up"]), "ip", ["link", "set", "up"]);
        _client.Ip("link", "set", "eth0", "up");
        foreach (var setting in sysctls ?? [])
            ScratchNetns.Check(KernelProbe.InNamed(bridgeNs, "sysctl", "-qw", setting), "sysctl", ["-w", setting]);
        _kernel.Start(TestNetwork.FromYaml(network, context: new PlanningContext
        {
            DockerEth0Address = DockerIpv4,
            DockerEth0Ipv6Address = ipv6 ? DockerIpv6 : null,
        }));
    }

    /// <summary>The bridge namespace's nat rules as <c>iptables -t nat -S</c> or <c>ip6tables</c> list them, sorted (chain policies left out).</summary>
    private List<string> NatRules(string program) =>
        KernelProbe.InNamed(_kernel.BridgeNamespace, program, "-w", "-t", "nat", "-S").Output.Split('\n')
            .Where(l => l.StartsWith("-A ", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    private List<string> BridgeIpv6() =>
        ContainerLinks.Ipv6(KernelProbe.LinksOfNamed(_kernel.BridgeNamespace).EnumerateArray().Single(l => l.GetProperty("ifname").GetString() == "s1"));

    private static List<string> Routes((int ExitCode, string Output) ipRouteShow) =>
        ipRouteShow.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}
