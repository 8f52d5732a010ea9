using System.Globalization;
using System.Text.RegularExpressions;
using Conlink.Actors.Control;
using Conlink.Actors.Status;
using Conlink.Config.Model;
using Conlink.Syntax.Netem;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// conlink netem set/reset on a kernel with netem, measured with ping. This machine's kernel has no
/// netem, so these skip here and run in the VM level (scripts/test.sh vm, Category=KernelFeature).
/// </summary>
[Collection("kernel")]
[Trait("Category", "KernelFeature")]
public sealed partial class NetemControlOnKernelTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly KernelEngine _kernel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kernel.DisposeAsync();

    private const string Network = """
        links:
          - {service: node, bridge: s1, ip: 10.0.0.1/24, netem: delay 10ms}
        """;

    private static void SkipWithoutNetem()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Skip.IfNot(KernelFeatures.HasQdisc("netem"), "this kernel has no netem qdisc (module sch_netem): runs in the VM level");
    }

    private static NetemSetting Netem(string text) => new([text], NetemSpec.Parse(text));

    /// <summary>The smallest round trip of a few pings, in ms (netem delays one direction: node_1's egress).</summary>
    private static double MinRttMs(int pid, string address)
    {
        var (code, output) = KernelProbe.InNamespaceOf(pid, "ping", "-c", "4", "-i", "0.2", "-W", "2", address);
        Assert.True(code == 0, $"ping {address} failed: {output}");
        return double.Parse(RttLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"= ([0-9.]+)/")]
    private static partial Regex RttLine();

    private async Task<(ContainerIdentityPids Nodes, string Target)> StartAsync()
    {
        _kernel.Start(TestNetwork.FromYaml(Network));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        var node2 = _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        return (new ContainerIdentityPids(node1.Pid, node2.Pid), "node_1:eth0");
    }

    private sealed record ContainerIdentityPids(int Node1, int Node2);

    [SkippableFact]
    public async Task Netem_set_shows_in_the_round_trip_and_reset_goes_back_to_the_declared_delay()
    {
        SkipWithoutNetem();
        var (nodes, target) = await StartAsync();
        Assert.InRange(MinRttMs(nodes.Node1, "10.0.0.2"), 10, 45);

        var set = await _kernel.Engine!.Engine.ChangeLinkAsync(target, new LinkChange.SetNetem(Netem("delay 80ms")), Timeout);

        Assert.True(set.Succeeded, set.Message);
        Assert.InRange(MinRttMs(nodes.Node1, "10.0.0.2"), 80, 500);
        Assert.Equal("delay 80ms", (await _kernel.Engine.StatusAsync(Timeout)).Links.Single(l => l.Id == target).NetemOverride);

        var reset = await _kernel.Engine.Engine.ChangeLinkAsync(target, new LinkChange.ResetNetem(), Timeout);

        Assert.True(reset.Succeeded, reset.Message);
        Assert.InRange(MinRttMs(nodes.Node1, "10.0.0.2"), 10, 45);
        Assert.False((await _kernel.Engine.StatusAsync(Timeout)).Links.Single(l => l.Id == target).IsOverridden);
    }

    [SkippableFact]
    public async Task A_netem_override_survives_a_container_restart()
    {
        SkipWithoutNetem();
        var (_, target) = await StartAsync();
        Assert.True((await _kernel.Engine!.Engine.ChangeLinkAsync(target, new LinkChange.SetNetem(Netem("delay 80ms")), Timeout)).Succeeded);

        var restarted = _kernel.Runtime.Restart("node_1");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2 && ContainerLinks.Has(restarted.Pid, "eth0")
            && s.Links.All(l => l.State == LinkState.Ready));

        Assert.InRange(MinRttMs(restarted.Pid, "10.0.0.2"), 80, 500);
    }
}
