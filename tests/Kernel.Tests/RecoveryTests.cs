using Conlink.Testing;
using Xunit.Abstractions;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Crash recovery of the whole engine on the real kernel. Conlink runs in a process of its own
/// (the engine host) that is killed with SIGKILL; containers are namespace processes. After each
/// scenario the kernel must hold exactly the planned state: no duplicate, stale or missing
/// interface, address, route, bridge port or tc rule, and traffic must flow.
/// </summary>
[Collection("kernel")]
[Trait("Category", "EngineProcess")]
public sealed class RecoveryTests(ITestOutputHelper output) : IDisposable
{
    // Two services on a linux bridge s1, with routes; and a patch "bridge" p1 (tc ingress + mirred)
    // joining the two replicas of "pair".
    private const string Compose = """
        services:
          node:
            image: none
            x-network:
              links:
                - {bridge: s1, ip: 10.0.0.1/24, route: "10.9.0.0/16 via 10.0.0.254"}
                - {bridge: s1, dev: eth1, ip: 10.1.0.1/24, mtu: 9000}
          pair:
            image: none
            x-network:
              links:
                - {bridge: p1, ip: 10.2.0.1/24}
        x-network:
          bridges:
            - {bridge: p1, mode: patch}
        """;

    private HostedEngine? _hostOrNull;

    // Made on first use, after the test has checked it may create namespaces.
    private HostedEngine Host => _hostOrNull ??= new HostedEngine(Compose);

    public void Dispose() => _hostOrNull?.Dispose();

    [SkippableFact]
    public async Task Killed_while_applying_100_links_then_restarted_converges_to_exactly_the_plan()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        using var host = new HostedEngine(ServiceWithLinks("many", 10));
        for (var i = 1; i <= 10; i++) host.Runtime.Start($"many_{i}", "many", i);

        // Too fast to time from outside: the engine SIGKILLs itself once its fifth link is made.
        var exit = await host.StartEngine(killAfterLinks: 5).Process.WaitForExitAsync(HostedEngine.ConvergeTimeout);
        Assert.Equal(137, exit);
        var atCrash = host.ReadKernel();
        var outerEndsAtCrash = atCrash.Namespaces[KernelState.BridgeNamespaceLabel].Facts.Count(f => f.Contains(" veth ", StringComparison.Ordinal));
        var halfMade = atCrash.Namespaces.Values.SelectMany(n => n.Facts).Count(f => f.StartsWith("link cltmp", StringComparison.Ordinal));
        output.WriteLine($"killed with {outerEndsAtCrash} of 100 veths made, {halfMade} of them still under a temporary name");
        Assert.NotNull(atCrash.DifferenceFrom(host.Planned()));

        host.StartEngine();
        await host.ConvergedAsync();

        Assert.Equal(100, host.ReadKernel().Namespaces[KernelState.BridgeNamespaceLabel].Facts.Count(f => f.Contains(" veth master=s1 ", StringComparison.Ordinal)));
        Assert.True(KernelProbe.Ping(host.Running().Single(c => c.Name == "many_1").Pid, "10.9.0.10"), "many_1 cannot reach many_10");
    }

    [SkippableFact]
    public async Task Killed_then_containers_die_restart_and_start_meanwhile_then_restarted_converges_to_exactly_the_plan()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Host.StartEngine();
        Host.Runtime.Start("node_1", "node", 1);
        Host.Runtime.Start("node_2", "node", 2);
        Host.Runtime.Start("pair_1", "pair", 1);
        Host.Runtime.Start("pair_2", "pair", 2);
        await Host.ConvergedAsync();

        Host.KillEngine();
        Host.Runtime.Stop("node_2");
        var node1 = Host.Runtime.Restart("node_1");
        Host.Runtime.Restart("pair_2");
        var node3 = Host.Runtime.Start("node_3", "node", 3);
        Host.StartEngine();
        await Host.ConvergedAsync();

        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.3"), "restarted node_1 cannot reach node_3 started while conlink was down");
        Assert.True(KernelProbe.Ping(node3.Pid, "10.1.0.1"), "node_3 cannot reach node_1 on eth1");
        Assert.True(KernelProbe.Ping(Host.Running().Single(c => c.Name == "pair_1").Pid, "10.2.0.2"), "the patch does not join pair_1 and the restarted pair_2");
    }

    [SkippableTheory]
    [InlineData("outer end", "node_1-eth0")]
    [InlineData("container end", "eth0")]
    public async Task Veth_deleted_by_hand_is_recreated_attached_and_carries_traffic_again(string end, string name)
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Host.StartEngine();
        var node1 = Host.Runtime.Start("node_1", "node", 1);
        Host.Runtime.Start("node_2", "node", 2);
        await Host.ConvergedAsync();

        var deleted = end == "outer end"
            ? KernelProbe.InNamed(Host.BridgeNamespace, "ip", "link", "del", name)
            : KernelProbe.InNamespaceOf(node1.Pid, "ip", "link", "del", name);
        Assert.Equal(0, deleted.ExitCode);
        await Host.Engine!.WaitForLogAsync(l => l.Contains("eth0 was removed behind conlink's back", StringComparison.Ordinal), HostedEngine.ConvergeTimeout);
        await Host.ConvergedAsync();

        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.2"), $"node_1 cannot reach node_2 after its eth0 ({end}) was re-created");
    }

    [SkippableFact]
    public async Task Bridge_deleted_by_hand_is_recreated_with_every_port_attached_and_carries_traffic_again()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Host.StartEngine();
        var node1 = Host.Runtime.Start("node_1", "node", 1);
        Host.Runtime.Start("node_2", "node", 2);
        await Host.ConvergedAsync();

        Assert.Equal(0, KernelProbe.InNamed(Host.BridgeNamespace, "ip", "link", "del", "s1").ExitCode);
        await Host.Engine!.WaitForLogAsync(l => l.Contains("bridge s1 disappeared", StringComparison.Ordinal), HostedEngine.ConvergeTimeout);
        await Host.ConvergedAsync();

        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.2"), "node_1 cannot reach node_2 on eth0 after s1 was re-created");
        Assert.True(KernelProbe.Ping(node1.Pid, "10.1.0.2"), "node_1 cannot reach node_2 on eth1 after s1 was re-created");
    }

    [SkippableFact]
    public async Task Every_configured_bridge_exists_from_the_start_and_stays_when_its_last_port_goes()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Host.StartEngine();
        await Host.ConvergedAsync();
        Assert.Contains("link s1 bridge up", Host.ReadKernel().Namespaces[KernelState.BridgeNamespaceLabel].Facts);

        Host.Runtime.Start("node_1", "node", 1);
        await Host.ConvergedAsync();
        Host.Runtime.Stop("node_1");
        await Host.ConvergedAsync();

        Assert.Equal(["link s1 bridge up"], Host.ReadKernel().Namespaces[KernelState.BridgeNamespaceLabel].Facts);
    }

    [SkippableFact]
    public async Task Clean_stop_after_recovery_removes_everything_conlink_made()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Host.StartEngine();
        var node1 = Host.Runtime.Start("node_1", "node", 1);
        await Host.ConvergedAsync();
        Host.KillEngine();
        Host.StartEngine();
        await Host.ConvergedAsync();

        Assert.Equal(0, await Host.Engine!.Process.StopAsync(HostedEngine.ConvergeTimeout));

        Assert.Empty(NamespaceState.OfNamed(Host.BridgeNamespace).Facts);
        Assert.Empty(NamespaceState.OfProcess(node1.Pid).Facts);
    }

    /// <summary>A compose file with one service that has <paramref name="links"/> links on s1 (eth0 10.0.0.1/24, eth1 10.1.0.1/24, ...).</summary>
    private static string ServiceWithLinks(string service, int links) =>
        $"services:\n  {service}:\n    image: none\n    x-network:\n      links:\n"
        + string.Concat(Enumerable.Range(0, links).Select(i => $"        - {{bridge: s1, dev: eth{i}, ip: 10.{i}.0.1/24}}\n"));
}
