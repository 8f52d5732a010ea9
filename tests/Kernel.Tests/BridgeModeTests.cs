using System.Text.Json;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Patch bridges from YAML through the engine to the kernel: two links joined by tc ingress + u32
/// + mirred in both directions, read back with <c>tc -j</c> and tested with traffic.
/// </summary>
[Collection("kernel")]
public sealed class BridgeModeTests : IAsyncLifetime
{
    private const string PatchNetwork = """
        bridges:
          - {bridge: p1, mode: patch}
        links:
          - {service: node, bridge: p1, ip: 10.0.0.1/24}
        """;

    private readonly KernelEngine _kernel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kernel.DisposeAsync();

    [SkippableFact]
    public async Task A_patch_joins_two_containers_with_a_mirred_redirect_each_way_and_no_bridge_device()
    {
        var (node1, node2) = await StartPatchedPairAsync();

        Assert.Equal("node_2-eth0", MirredTarget("node_1-eth0"));
        Assert.Equal("node_1-eth0", MirredTarget("node_2-eth0"));
        Assert.False(_kernel.BridgeNamespaceLinks().ContainsKey("p1"), "a patch bridge must not create a bridge device");
        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.2"), "node_1 cannot reach node_2 through the patch");
        Assert.True(KernelProbe.Ping(node2.Pid, "10.0.0.1"), "node_2 cannot reach node_1 through the patch");
    }

    [SkippableFact]
    public async Task A_third_link_on_a_patch_fails_clearly_and_leaves_the_pair_working()
    {
        var (node1, _) = await StartPatchedPairAsync();

        var node3 = _kernel.Runtime.Start("node_3", "node", 3);
        var status = await _kernel.WaitSettledAsync(s => s.Links.Count == 3);

        var third = status.FailureOf("node_3:eth0");
        Assert.Equal("patch bridge p1 already joins node_1-eth0 and node_2-eth0; cannot add a third link (node_3-eth0)", third);
        Assert.Equal(["lo"], ContainerLinks.Names(node3.Pid));
        Assert.False(_kernel.BridgeNamespaceLinks().ContainsKey("node_3-eth0"), "the refused link's outer end was left behind");
        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.2"), "the patched pair stopped working");
    }

    [SkippableFact]
    public async Task A_restarted_peer_re_forms_the_patch()
    {
        var (node1, _) = await StartPatchedPairAsync();

        var restarted = _kernel.Runtime.Restart("node_2");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2 && ContainerLinks.Has(restarted.Pid, "eth0"));

        Assert.Equal("node_2-eth0", MirredTarget("node_1-eth0"));
        Assert.Equal("node_1-eth0", MirredTarget("node_2-eth0"));
        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.2"), "node_1 cannot reach the restarted node_2");
    }

    [SkippableFact]
    public async Task A_stopped_peer_leaves_the_patch_so_another_container_can_join_it()
    {
        var (node1, _) = await StartPatchedPairAsync();

        _kernel.Runtime.Stop("node_2");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1 && !_kernel.BridgeNamespaceLinks().ContainsKey("node_2-eth0"));
        Assert.Null(MirredTarget("node_1-eth0"));

        var node3 = _kernel.Runtime.Start("node_3", "node", 3);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);

        Assert.Equal("node_3-eth0", MirredTarget("node_1-eth0"));
        Assert.Equal("node_1-eth0", MirredTarget("node_3-eth0"));
        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.3"), "node_1 cannot reach node_3, the new peer");
        Assert.True(KernelProbe.Ping(node3.Pid, "10.0.0.1"), "node_3 cannot reach node_1");
    }

    private async Task<(Config.Planning.ContainerIdentity, Config.Planning.ContainerIdentity)> StartPatchedPairAsync()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml(PatchNetwork));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);
        var node2 = _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        return (node1, node2);
    }

    /// <summary>Where the ingress filter of <paramref name="port"/> redirects to (<c>tc -j filter show dev PORT parent ffff:</c>), null when none.</summary>
    private string? MirredTarget(string port)
    {
        var (exitCode, output) = KernelProbe.Run("tc", ["-n", _kernel.BridgeNamespace, "-j", "filter", "show", "dev", port, "parent", "ffff:"]);
        if (exitCode != 0 || string.IsNullOrWhiteSpace(output)) return null;
        var actions = JsonDocument.Parse(output).RootElement.EnumerateArray()
            .Where(f => f.TryGetProperty("options", out var options) && options.TryGetProperty("actions", out _))
            .Select(f => f.GetProperty("options").GetProperty("actions")[0])
            .ToList();
        if (actions.Count == 0) return null;
        var action = Assert.Single(actions);
        Assert.Equal(("mirred", "redirect", "egress"),
            (action.GetProperty("kind").GetString(), action.GetProperty("mirred_action").GetString(), action.GetProperty("direction").GetString()));
        return action.GetProperty("to_dev").GetString();
    }
}
