using System.Net;
using Conlink.Config.Planning;
using Conlink.Kernel;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Port forwards, with real TCP: the bridge namespace gets a Docker-facing interface DOCKER-ETH0
/// (172.20.0.2), a veth to a client namespace (172.20.0.1) that stands for the Docker host.
/// </summary>
[Collection("kernel")]
public sealed class OptionsForwardTests : IAsyncLifetime
{
    private static readonly IPAddress DockerAddress = IPAddress.Parse("172.20.0.2");

    private const string ForwardNetwork = """
        links:
          - {service: node, bridge: s1, ip: 10.0.0.1/24, forward: [8080:80/tcp]}
        """;

    private readonly KernelEngine _kernel = new();
    private ScratchNetns? _client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _kernel.DisposeAsync();
        _client?.Dispose();
    }

    [SkippableFact]
    public async Task A_connection_to_the_docker_interface_reaches_each_replica_on_its_offset_port()
    {
        StartWithDockerInterface();
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        var node2 = _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        using var server1 = TcpProbe.Listen(node1.Pid, new IPEndPoint(IPAddress.Any, 80));
        using var server2 = TcpProbe.Listen(node2.Pid, new IPEndPoint(IPAddress.Any, 80));

        var first = await TcpProbe.AskAsync(_client!.Name, new IPEndPoint(DockerAddress, 8080));
        var second = await TcpProbe.AskAsync(_client.Name, new IPEndPoint(DockerAddress, 8081));

        Assert.StartsWith("10.0.0.1:80 from 172.20.0.2:", first, StringComparison.Ordinal);
        Assert.StartsWith("10.0.0.2:80 from 172.20.0.2:", second, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_forward_has_its_dnat_mark_and_masquerade_rules_and_both_routes()
    {
        StartWithDockerInterface();
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);

        Assert.Equal([
            "-A POSTROUTING -o s1 -m mark --mark 0x1 -j MASQUERADE",
            "-A PREROUTING -i DOCKER-ETH0 -p tcp -m tcp --dport 8080 -m comment --comment \"conlink node_1-eth0\" -j DNAT --to-destination 10.0.0.1:80",
            "-A PREROUTING -i DOCKER-ETH0 -p tcp -m tcp --dport 8080 -m comment --comment \"conlink node_1-eth0\" -j MARK --set-xmark 0x1/0xffffffff",
        ], BridgeNatRules());
        Assert.Contains("10.0.0.1 dev s1 scope link", Routes(KernelProbe.InNamed(_kernel.BridgeNamespace, "ip", "route", "show")), StringComparer.Ordinal);
        Assert.Contains("172.20.0.2 dev eth0 scope link", Routes(KernelProbe.InNamespaceOf(node1.Pid, "ip", "route", "show")), StringComparer.Ordinal);
    }

    [SkippableFact]
    public async Task A_stopped_replicas_forward_is_removed_and_the_last_one_takes_the_masquerade_rule_with_it()
    {
        StartWithDockerInterface();
        _kernel.Runtime.Start("node_1", "node", 1);
        var node2 = _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);

        _kernel.Runtime.Stop("node_1");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1 && !BridgeNatRules().Any(r => r.Contains("--dport 8080", StringComparison.Ordinal))
            && !Routes(KernelProbe.InNamed(_kernel.BridgeNamespace, "ip", "route", "show")).Contains("10.0.0.1 dev s1 scope link"));
        using var server2 = TcpProbe.Listen(node2.Pid, new IPEndPoint(IPAddress.Any, 80));

        Assert.Equal(3, BridgeNatRules().Count);
        Assert.Null(await TcpProbe.AskAsync(_client!.Name, new IPEndPoint(DockerAddress, 8080)));
        Assert.NotNull(await TcpProbe.AskAsync(_client.Name, new IPEndPoint(DockerAddress, 8081)));

        _kernel.Runtime.Stop("node_2");
        await _kernel.WaitSettledAsync(s => s.Links.Count == 0 && BridgeNatRules().Count == 0);
    }

    /// <summary>Wires DOCKER-ETH0 (bridge namespace) to eth0 in a client namespace and starts the engine with forwards through it.</summary>
    private void StartWithDockerInterface()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _client = new ScratchNetns("clclient");
        var bridgeNs = _kernel.BridgeNamespace;
        ScratchNetns.Check(KernelProbe.Run("ip", ["-n", bridgeNs, "link", "add", DockerInterface.Name, "type", "veth", "peer", "name", "eth0", "netns", _client.Name]),
            "ip", ["link", "add", DockerInterface.Name]);
        ScratchNetns.Check(KernelProbe.Run("ip", ["-n", bridgeNs, "addr", "add", $"{DockerAddress}/24", "dev", DockerInterface.Name]), "ip", ["addr", "add"]);
        ScratchNetns.Check(KernelProbe.Run("ip", ["-n", bridgeNs, "link", "set", DockerInterface.Name, "up"]), "ip", ["link", "set", "up"]);
        _client.Ip("addr", "add", "172.20.0.1/24", "dev", "eth0");
        _client.Ip("link", "set", "eth0", "up");
        _kernel.Start(TestNetwork.FromYaml(ForwardNetwork, context: new PlanningContext { DockerEth0Address = DockerAddress }));
    }

    /// <summary>The bridge namespace's nat rules as <c>iptables -t nat -S</c> lists them, sorted (chain policies left out).</summary>
    private List<string> BridgeNatRules() =>
        KernelProbe.InNamed(_kernel.BridgeNamespace, "iptables", "-t", "nat", "-S").Output.Split('\n')
            .Where(l => l.StartsWith("-A ", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    private static List<string> Routes((int ExitCode, string Output) ipRouteShow) =>
        ipRouteShow.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}
