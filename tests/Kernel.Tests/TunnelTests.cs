using Conlink.Actors.Status;
using Conlink.Config.Planning;
using Conlink.Testing;
using Xunit.Abstractions;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Two hosts, each with its own conlink (an engine host process, bridges in its own namespace,
/// tunnels sending from its host namespace) and its own node, running examples/multi-host: the
/// tunnels join their s1 bridges, and traffic survives the tunnel being deleted and the underlay
/// going down. A kernel without geneve gets one clear error and nothing half made.
/// </summary>
[Collection("kernel")]
[Trait("Category", "EngineProcess")]
public sealed class TunnelTests(ITestOutputHelper output) : IDisposable
{
    private const int PingAttempts = 10;

    private static readonly string Example =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "multi-host", "compose.yaml"));

    private TunnelUnderlay? _underlay;
    private readonly List<HostedEngine> _hosts = new();

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            foreach (var line in host.Engine?.Log ?? []) output.WriteLine($"[{host.BridgeNamespace}] {line}");
            host.Dispose();
        }
        _underlay?.Dispose();
    }

    [SkippableTheory]
    [Trait("Category", "KernelFeature")]
    [InlineData("vxlan")]
    [InlineData("geneve")]
    public async Task Nodes_on_two_hosts_reach_each_other_through_the_tunnel_joining_their_bridges(string tunnel)
    {
        var (a, b) = TwoHosts(tunnel);
        Skip.IfNot(_underlay!.KernelHas(tunnel, "id", "1", "remote", TunnelUnderlay.AddressB), $"this kernel has no {tunnel} support");

        var (nodeA, nodeB) = await BothUpAsync(a, b);

        Assert.True(KernelProbe.Ping(nodeA.Pid, "10.0.0.2"), "the node on host A cannot reach the node on host B");
        Assert.True(KernelProbe.Ping(nodeB.Pid, "10.0.0.1"), "the node on host B cannot reach the node on host A");
        Assert.Contains($"link {tunnel}-1001 {tunnel} master=s1 id=1001 remote={TunnelUnderlay.AddressB} port={(tunnel == "vxlan" ? 4789 : 6081)} up",
            a.ReadKernel().Namespaces[KernelState.BridgeNamespaceLabel].Facts);
    }

    [SkippableFact]
    public async Task Nodes_on_two_hosts_reach_each_other_through_a_vxlan_over_an_ipv6_underlay()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _underlay = new TunnelUnderlay();
        var a = Host(_underlay.HostA, "vxlan", remote: TunnelUnderlay.Ipv6AddressB, nodeIp: "10.0.0.1");
        var b = Host(_underlay.HostB, "vxlan", remote: TunnelUnderlay.Ipv6AddressA, nodeIp: "10.0.0.2");

        var (nodeA, nodeB) = await BothUpAsync(a, b);

        Assert.True(KernelProbe.Ping(nodeA.Pid, "10.0.0.2"), "the node on host A cannot reach the node on host B over the IPv6 underlay");
        Assert.True(KernelProbe.Ping(nodeB.Pid, "10.0.0.1"), "the node on host B cannot reach the node on host A over the IPv6 underlay");
        Assert.Contains($"link vxlan-1001 vxlan master=s1 id=1001 remote={TunnelUnderlay.Ipv6AddressB} port=4789 up",
            a.ReadKernel().Namespaces[KernelState.BridgeNamespaceLabel].Facts);
    }

    [SkippableFact]
    public async Task Tunnel_deleted_by_hand_is_recreated_on_its_bridge_and_traffic_resumes()
    {
        var (a, b) = TwoHosts("vxlan");
        var (nodeA, _) = await BothUpAsync(a, b);

        Assert.Equal(0, KernelProbe.InNamed(a.BridgeNamespace, "ip", "link", "del", "vxlan-1001").ExitCode);
        await a.Engine!.WaitForLogAsync(l => l.Contains("tunnel vxlan-1001 disappeared", StringComparison.Ordinal), HostedEngine.ConvergeTimeout);
        await a.ConvergedAsync();

        Assert.True(await PingsAsync(nodeA.Pid, "10.0.0.2"), "no traffic from host A to host B after the tunnel was re-created");
    }

    [SkippableFact]
    public async Task Bridge_deleted_by_hand_is_recreated_with_the_tunnel_attached_again_and_traffic_resumes()
    {
        var (a, b) = TwoHosts("vxlan");
        var (nodeA, _) = await BothUpAsync(a, b);

        Assert.Equal(0, KernelProbe.InNamed(a.BridgeNamespace, "ip", "link", "del", "s1").ExitCode);
        await a.Engine!.WaitForLogAsync(l => l.Contains("bridge s1 disappeared", StringComparison.Ordinal), HostedEngine.ConvergeTimeout);
        await a.ConvergedAsync();

        Assert.True(await PingsAsync(nodeA.Pid, "10.0.0.2"), "no traffic from host A to host B after its bridge was re-created");
    }

    [SkippableFact]
    public async Task Engine_killed_and_restarted_adopts_its_tunnel_without_a_gap_in_traffic()
    {
        var (a, b) = TwoHosts("vxlan");
        var (nodeA, _) = await BothUpAsync(a, b);
        var tunnelIndex = TunnelIndex(a);

        a.KillEngine();
        Assert.True(KernelProbe.Ping(nodeA.Pid, "10.0.0.2"), "traffic stopped with host A's conlink");
        a.StartEngine();
        await a.ConvergedAsync();

        Assert.Equal(tunnelIndex, TunnelIndex(a));
        Assert.True(KernelProbe.Ping(nodeA.Pid, "10.0.0.2"), "no traffic from host A to host B after its conlink restarted");
    }

    [SkippableFact]
    public async Task Underlay_going_down_stops_traffic_and_coming_back_up_resumes_it_over_the_same_tunnel()
    {
        var (a, b) = TwoHosts("vxlan");
        var (nodeA, _) = await BothUpAsync(a, b);
        var before = a.ReadKernel();
        var tunnelIndex = TunnelIndex(a);

        _underlay!.SetUnderlayOfA(up: false);
        Assert.False(KernelProbe.Ping(nodeA.Pid, "10.0.0.2"), "traffic still flows with host A's underlay down");
        _underlay.SetUnderlayOfA(up: true);

        Assert.True(await PingsAsync(nodeA.Pid, "10.0.0.2"), "no traffic from host A to host B after its underlay came back up");
        Assert.Null(a.ReadKernel().DifferenceFrom(before));
        Assert.Equal(tunnelIndex, TunnelIndex(a));
        Assert.Null(a.ReadKernel().DifferenceFrom(a.Planned()));
    }

    [SkippableFact]
    [Trait("Category", "KernelWithoutFeature")]
    public async Task Geneve_on_a_kernel_without_it_fails_once_with_a_clear_error_and_the_links_still_come_up()
    {
        var host = OneHost("geneve");
        Skip.If(_underlay!.KernelHas("geneve", "id", "1", "remote", TunnelUnderlay.AddressB), "this kernel has geneve: the tunnel would work");
        host.StartEngine();
        host.Runtime.Start("node_1", "node", 1);
        await host.Engine!.WaitForStatusAsync(s => State(s, "tunnel:geneve-1001") == LinkState.Failed && State(s, "node_1:eth0") == LinkState.Ready,
            HostedEngine.ConvergeTimeout);

        // Something the engine does only after the failure: it has had every chance to retry meanwhile.
        host.Runtime.Start("node_2", "node", 2);
        var status = await host.Engine.WaitForStatusAsync(s => State(s, "node_2:eth0") == LinkState.Ready, HostedEngine.ConvergeTimeout);

        Assert.Contains("no 'geneve' link type", status.Links.Single(l => l.Id == "tunnel:geneve-1001").Reason);
        Assert.Single(host.Engine.Log, l => l.Contains("ERROR tunnel geneve-1001", StringComparison.Ordinal));
        var withoutTunnel = PlannedState.Of(host.Config with { Tunnels = [] }, host.Running());
        await KernelState.ConvergedAsync(host.ReadKernel, withoutTunnel, HostedEngine.ConvergeTimeout);
    }

    private (HostedEngine A, HostedEngine B) TwoHosts(string tunnel)
    {
        var a = OneHost(tunnel);
        var b = Host(_underlay!.HostB, tunnel, remote: TunnelUnderlay.AddressA, nodeIp: "10.0.0.2");
        return (a, b);
    }

    private HostedEngine OneHost(string tunnel)
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _underlay = new TunnelUnderlay();
        return Host(_underlay.HostA, tunnel, remote: TunnelUnderlay.AddressB, nodeIp: "10.0.0.1");
    }

    private HostedEngine Host(string hostNamespace, string tunnel, string remote, string nodeIp)
    {
        var host = new HostedEngine(Example, hostNamespace,
            new Dictionary<string, string> { ["TUNNEL"] = tunnel, ["REMOTE"] = remote, ["NODE_IP"] = nodeIp });
        _hosts.Add(host);
        return host;
    }

    private static async Task<(ContainerIdentity A, ContainerIdentity B)> BothUpAsync(HostedEngine a, HostedEngine b)
    {
        a.StartEngine();
        b.StartEngine();
        var nodeA = a.Runtime.Start("node_1", "node", 1);
        var nodeB = b.Runtime.Start("node_1", "node", 1);
        await a.ConvergedAsync();
        await b.ConvergedAsync();
        return (nodeA, nodeB);
    }

    /// <summary>Pings until one gets through (learning and ARP may need a moment after a change).</summary>
    private static async Task<bool> PingsAsync(int fromPid, string address)
    {
        for (var attempt = 0; attempt < PingAttempts; attempt++)
        {
            if (KernelProbe.Ping(fromPid, address)) return true;
            await Task.Yield();
        }
        return false;
    }

    private static int TunnelIndex(HostedEngine host) => KernelProbe.LinksOfNamed(host.BridgeNamespace).EnumerateArray()
        .Single(l => l.GetProperty("ifname").GetString() == "vxlan-1001").GetProperty("ifindex").GetInt32();

    private static LinkState? State(StatusTracker.Snapshot status, string linkId) =>
        status.Links.FirstOrDefault(l => l.Id == linkId)?.State;
}
