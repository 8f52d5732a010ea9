using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Examples;

/// <summary>
/// examples/bridge-modes: the same two nodes over bridge s1 in each mode that BRIDGE_MODE
/// selects (the original's test9). Patch mode joins the two ports with tc mirred, no bridge.
/// </summary>
public sealed class BridgeModesExampleTests(ITestOutputHelper output)
{
    private static readonly string ComposeFile = Repository.PathOf("examples/bridge-modes/compose.yaml");
    private static readonly TimeSpan Timeout = ConlinkSidecar.ConnectTimeout;

    [SkippableTheory]
    [InlineData("auto")]
    [InlineData("linux")]
    [InlineData("patch")]
    [InlineData("ovs")]
    public async Task Nodes_reach_each_other_over_the_bridge_in_each_mode(string mode)
    {
        Skip.If(mode == "ovs" && !KernelFeatures.HasOpenvswitch, "this kernel has no openvswitch module, which ovs mode needs");
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        var environment = new Dictionary<string, string> { ["BRIDGE_MODE"] = mode };
        var plan = ExamplePlan.Load([ComposeFile], environment: environment);
        await using var project = ComposeProject.FromFile(ComposeFile, output, environment, $"bridge-modes-{mode}");
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await project.UpUntilConnectedAsync();

        ExamplePlan.AssertBuilt(plan.LinksOf("node1"), await project.InterfacesAsync("node1"));
        ExamplePlan.AssertBuilt(plan.LinksOf("node2"), await project.InterfacesAsync("node2"));
        (await project.PingAsync("node1", 1, "10.0.1.2")).EnsureSuccess();
        (await project.PingAsync("node2", 1, "10.0.1.1")).EnsureSuccess();
        var sidecar = await project.SidecarInterfacesAsync();
        var effective = mode == "auto" ? (KernelFeatures.HasOpenvswitch ? "ovs" : "linux") : mode;
        if (effective == "linux") ExamplePlan.AssertOnBridges([.. plan.LinksOf("node1"), .. plan.LinksOf("node2")], sidecar);
        if (effective == "patch")
        {
            Assert.DoesNotContain(sidecar, i => i.Name == "s1");
            Assert.Contains("Egress Redirect to device node2_1-eth0", await IngressFiltersAsync(project, "node1_1-eth0"));
        }
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    [SkippableFact]
    public async Task A_patch_mirrors_each_port_to_the_other_and_re_forms_when_a_node_is_scaled_away_and_back()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output, new Dictionary<string, string> { ["BRIDGE_MODE"] = "patch" });

        await project.UpUntilConnectedAsync();

        await AssertPatchedAsync(project);

        await project.ScaleAsync("node2", 0);

        await project.WaitForInterfacesAsync(ConlinkSidecar.Service, 1,
            interfaces => !interfaces.Any(i => i.Name == "node2_1-eth0"), "without node2's outer end", Timeout);
        Assert.DoesNotContain("mirred", await IngressFiltersAsync(project, "node1_1-eth0"));

        await project.ScaleAsync("node2", 1);

        await project.WaitUntilConnectedAsync(times: 2);
        await AssertPatchedAsync(project);
    }

    /// <summary>Each port's ingress redirects to the other (what the original's test9 checks), and pings cross.</summary>
    private static async Task AssertPatchedAsync(ComposeProject project)
    {
        var node1Filters = await IngressFiltersAsync(project, "node1_1-eth0");
        Assert.Contains("action order 1: mirred (Egress Redirect to device node2_1-eth0)", node1Filters);
        Assert.Contains("action order 1: mirred (Egress Redirect to device node1_1-eth0)", await IngressFiltersAsync(project, "node2_1-eth0"));
        (await project.PingAsync("node1", 1, "10.0.1.2")).EnsureSuccess();
        (await project.PingAsync("node2", 1, "10.0.1.1")).EnsureSuccess();
    }

    private static async Task<string> IngressFiltersAsync(ComposeProject project, string port) =>
        (await project.ExecAsync(ConlinkSidecar.Service, "tc", "filter", "show", "dev", port, "parent", "ffff:")).EnsureSuccess().Stdout;
}
