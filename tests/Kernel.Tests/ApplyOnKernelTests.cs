using System.Text.Json;
using Conlink.Actors.Control;
using Conlink.Actors.Status;
using Conlink.Config;
using Conlink.Config.Planning;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary><c>conlink apply</c> on the real kernel: only what changed is touched, and no container restarts.</summary>
[Collection("kernel")]
public sealed class ApplyOnKernelTests : IAsyncLifetime
{
    private readonly KernelEngine _kernel = new();
    private readonly ScratchNetns _underlay = new("clapply");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _kernel.DisposeAsync();
        _underlay.Dispose();
    }

    private const string Before = """
        links:
          - {service: node, dev: eth0, bridge: s1, ip: 10.0.0.1/24, mtu: 1500}
          - {service: node, dev: eth1, bridge: s2, ip: 10.1.0.1/24}
          - {service: node, dev: eth3, bridge: s4, ip: 10.3.0.1/24}
        """;

    private const string After = """
        links:
          - {service: node, dev: eth0, bridge: s1, ip: 10.0.0.11/24, mtu: 1400}
          - {service: node, dev: eth2, bridge: s3, ip: 10.2.0.1/24}
          - {service: node, dev: eth3, bridge: s4, ip: 10.3.0.1/24}
        """;

    private static int Index(JsonElement link) => link.GetProperty("ifindex").GetInt32();

    private async Task<(ContainerIdentity Node1, ContainerIdentity Node2)> StartAsync()
    {
        _kernel.Start(TestNetwork.FromYaml(Before));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        var node2 = _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 6);
        return (node1, node2);
    }

    [SkippableFact]
    public async Task Apply_adds_removes_and_changes_ip_and_mtu_in_place_without_restarting_containers_or_touching_unchanged_links()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        var (node1, node2) = await StartAsync();
        var eth0Before = Index(ContainerLinks.Interface(node1.Pid, "eth0"));
        var eth3Before = Index(ContainerLinks.Interface(node1.Pid, "eth3"));
        var outer3Before = Index(KernelProbe.LinksOfNamed(_kernel.BridgeNamespace).EnumerateArray().Single(l => l.GetProperty("ifname").GetString() == "node_1-eth3"));

        var reply = await _kernel.Engine!.ApplyAsync(TestNetwork.FromYaml(After).Config, dryRun: false);

        Assert.True(reply.Result.Succeeded, reply.Result.Message);
        var running = await _kernel.Runtime.ListRunningAsync(CancellationToken.None);
        Assert.Equal(node1.Pid, running.Single(c => c.Name == "node_1").Pid);
        Assert.Equal(node2.Pid, running.Single(c => c.Name == "node_2").Pid);
        var eth0 = ContainerLinks.Interface(node1.Pid, "eth0");
        Assert.Equal(eth0Before, Index(eth0));
        Assert.Equal(["10.0.0.11/24"], ContainerLinks.Ipv4(eth0));
        Assert.Equal(1400, eth0.GetProperty("mtu").GetInt32());
        Assert.False(ContainerLinks.Has(node1.Pid, "eth1"), "the removed link eth1 is still there");
        Assert.Equal(["10.2.0.1/24"], ContainerLinks.Ipv4(ContainerLinks.Interface(node1.Pid, "eth2")));
        Assert.Equal(eth3Before, Index(ContainerLinks.Interface(node1.Pid, "eth3")));
        var bridge = _kernel.BridgeNamespaceLinks();
        Assert.DoesNotContain("node_1-eth1", bridge.Keys);
        Assert.Equal(("veth", "s3"), bridge["node_1-eth2"]);
        Assert.Equal(outer3Before, Index(KernelProbe.LinksOfNamed(_kernel.BridgeNamespace).EnumerateArray().Single(l => l.GetProperty("ifname").GetString() == "node_1-eth3")));
        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.12"), "node_1 cannot reach node_2 at its new address");
        Assert.True(KernelProbe.Ping(node1.Pid, "10.2.0.2"), "node_1 cannot reach node_2 over the added link");
        var status = await _kernel.WaitAllReadyAsync(s => s.Links.Count == 6);
        Assert.DoesNotContain(status.Links, l => l.Dev == "eth1");
        Assert.Equal("10.0.0.11/24", status.Links.Single(l => l.Id == "node_1:eth0").Ip);
    }

    private const string WithTunnels = """
        links:
          - {service: node, dev: eth0, bridge: s1, ip: 10.0.0.1/24}
          - {service: node, dev: eth1, bridge: s2, ip: 10.1.0.1/24}
        tunnels:
          - {type: vxlan, bridge: s1, remote: 192.168.77.2, vni: 1001}
        """;

    private const string TunnelsChanged = """
        links:
          - {service: node, dev: eth0, bridge: s1, ip: 10.0.0.1/24}
        tunnels:
          - {type: vxlan, bridge: s1, remote: 192.168.77.3, vni: 1002}
        """;

    [SkippableFact]
    public async Task Apply_makes_an_added_tunnel_deletes_a_removed_one_and_a_bridge_no_link_uses_without_touching_unchanged_links()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.UnderlayNamespace = _underlay.Name;
        _kernel.Start(TestNetwork.FromYaml(WithTunnels));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 3);
        Assert.Equal(("vxlan", "s1"), _kernel.BridgeNamespaceLinks()["vxlan-1001"]);
        Assert.Contains("s2", _kernel.BridgeNamespaceLinks().Keys);
        var eth0Before = Index(ContainerLinks.Interface(node1.Pid, "eth0"));
        var outer0Before = Index(KernelProbe.LinksOfNamed(_kernel.BridgeNamespace).EnumerateArray().Single(l => l.GetProperty("ifname").GetString() == "node_1-eth0"));

        var reply = await _kernel.Engine!.ApplyAsync(TestNetwork.FromYaml(TunnelsChanged).Config, dryRun: false);

        Assert.True(reply.Result.Succeeded, reply.Result.Message);
        Assert.DoesNotContain(reply.Diff!.Lines(), l => l.Contains("restart", StringComparison.Ordinal));
        var bridge = _kernel.BridgeNamespaceLinks();
        Assert.DoesNotContain("vxlan-1001", bridge.Keys);
        Assert.DoesNotContain("s2", bridge.Keys);
        Assert.DoesNotContain("node_1-eth1", bridge.Keys);
        Assert.Equal(("bridge", null), bridge["s1"]);
        Assert.Equal(node1.Pid, (await _kernel.Runtime.ListRunningAsync(CancellationToken.None)).Single(c => c.Name == "node_1").Pid);
        Assert.Equal(eth0Before, Index(ContainerLinks.Interface(node1.Pid, "eth0")));
        Assert.Equal(outer0Before, Index(KernelProbe.LinksOfNamed(_kernel.BridgeNamespace).EnumerateArray().Single(l => l.GetProperty("ifname").GetString() == "node_1-eth0")));
        var status = await _kernel.WaitAllReadyAsync(s => s.Links.Any(l => l.Id == "tunnel:vxlan-1002" && l.State == LinkState.Ready));
        var added = KernelProbe.LinksOfNamed(_kernel.BridgeNamespace).EnumerateArray().Single(l => l.GetProperty("ifname").GetString() == "vxlan-1002");
        Assert.Equal("s1", added.GetProperty("master").GetString());
        Assert.Equal("192.168.77.3", added.GetProperty("linkinfo").GetProperty("info_data").GetProperty("remote").GetString());
        Assert.DoesNotContain(status.Links, l => l.Id == "tunnel:vxlan-1001");
        Assert.Equal(2, status.Links.Count);
    }

    [SkippableFact]
    public async Task Netem_added_by_apply_is_put_on_the_live_link_or_where_the_kernel_lacks_netem_the_link_stays_up_degraded_saying_why()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        var (node1, _) = await StartAsync();
        var eth0Before = Index(ContainerLinks.Interface(node1.Pid, "eth0"));

        var reply = await _kernel.Engine!.ApplyAsync(TestNetwork.FromYaml(Before.Replace("mtu: 1500}", "mtu: 1500, netem: [delay 5ms]}")).Config, dryRun: false);

        Assert.True(reply.Result.Succeeded, reply.Result.Message);
        Assert.Equal(eth0Before, Index(ContainerLinks.Interface(node1.Pid, "eth0")));
        var status = await _kernel.WaitAllReadyAsync(s => s.Links.Count == 6);
        var eth0 = status.Links.Single(l => l.Id == "node_1:eth0");
        var qdisc = KernelProbe.InNamespaceOf(node1.Pid, "tc", "qdisc", "show", "dev", "eth0").Output;
        if (KernelFeatures.HasQdisc("netem"))
        {
            Assert.False(eth0.Degraded, $"node_1:eth0 is degraded: {eth0.Reason}");
            Assert.Contains("netem", qdisc, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(LinkState.Ready, eth0.State);
            Assert.Equal("degraded: netem not applied (kernel lacks sch_netem)", eth0.Reason);
            Assert.DoesNotContain("netem", qdisc, StringComparison.Ordinal);
        }
        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.2"), "node_1 cannot reach node_2 over the link whose netem changed");
    }

    [SkippableFact]
    public async Task A_dry_run_shows_the_difference_and_changes_nothing()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        var (node1, _) = await StartAsync();

        var reply = await _kernel.Engine!.ApplyAsync(TestNetwork.FromYaml(After).Config, dryRun: true);

        Assert.True(reply.Result.Succeeded, reply.Result.Message);
        var lines = reply.Diff!.Lines().ToList();
        Assert.Contains("container node_1: - node_1:eth1", lines);
        Assert.Contains("container node_1: + node_1:eth2", lines);
        var eth0 = Assert.Single(lines, l => l.StartsWith("container node_1: ~ node_1:eth0 in place: ", StringComparison.Ordinal));
        Assert.Contains("ip 10.0.0.1/24 -> 10.0.0.11/24, mtu 1500 -> 1400", eth0, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("eth3", StringComparison.Ordinal));
        Assert.Contains("+ bridge s3", lines);
        Assert.True(ContainerLinks.Has(node1.Pid, "eth1"));
        Assert.Equal(["10.0.0.1/24"], ContainerLinks.Ipv4(ContainerLinks.Interface(node1.Pid, "eth0")));
    }

    [SkippableFact]
    public async Task An_invalid_config_is_refused_whole_with_its_located_errors_and_the_running_state_is_kept()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        var file = Path.Combine(Path.GetTempPath(), $"conlink-apply-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Before);
        _kernel.Reload = () => ConfigLoader.Load(new ConfigSources([], [file]), new ConfigLoadOptions());
        try
        {
            var (node1, _) = await StartAsync();
            await File.WriteAllTextAsync(file, """
                links:
                  - {service: node, dev: eth0, bridge: s1, ip: 10.0.0.300/24}
                  - {service: node, dev: eth2, bridge: s3, ip: 10.2.0.1/24}
                """);

            var reply = await _kernel.Engine!.ReloadAsync(dryRun: false);

            Assert.Equal(ControlOutcome.Invalid, reply.Result.Outcome);
            Assert.Contains($"{file}:2:", reply.Result.Message, StringComparison.Ordinal);
            Assert.Contains("nothing was changed", reply.Result.Message, StringComparison.Ordinal);
            Assert.True(ContainerLinks.Has(node1.Pid, "eth1"));
            Assert.False(ContainerLinks.Has(node1.Pid, "eth2"));
            Assert.Equal(["10.0.0.1/24"], ContainerLinks.Ipv4(ContainerLinks.Interface(node1.Pid, "eth0")));
            var status = await _kernel.Engine.StatusAsync(TimeSpan.FromSeconds(5));
            Assert.All(status.Links, l => Assert.Equal(LinkState.Ready, l.State));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
