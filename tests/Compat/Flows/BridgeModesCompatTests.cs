using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.Compat.Tests.Flows;

/// <summary>
/// Files/bridge-modes: the switch's mode from a variable that conlink interpolates from its own environment,
/// <c>--default-bridge-mode linux</c> on the original's command line, and a peer scaled away and back.
/// </summary>
public sealed class BridgeModesCompatTests(ITestOutputHelper output)
{
    private static readonly string ComposeFile = Path.Combine(OriginalStyle.FilesOf("bridge-modes"), "compose.yaml");
    private static readonly TimeSpan Timeout = ConlinkSidecar.ConnectTimeout;

    [SkippableTheory]
    [InlineData("auto")]
    [InlineData("linux")]
    [InlineData("patch")]
    public async Task Peers_reach_each_other_in_each_mode_and_again_after_one_is_scaled_away_and_back(string mode)
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        var environment = new Dictionary<string, string> { ["SWITCH_MODE"] = mode };
        await using var project = ComposeProject.FromFile(ComposeFile, output, environment, $"compat-bridge-modes-{mode}");
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await OriginalStyle.UpAsync(project);

        var sidecar = await project.SidecarInterfacesAsync();
        var effective = mode == "auto" ? (KernelFeatures.HasOpenvswitch ? "ovs" : "linux") : mode;
        if (effective == "linux")
            Assert.Equal(["peer-a_1-eth0", "peer-b_1-eth0"], sidecar.Where(i => i.Master == "sw").Select(i => i.Name).Order());
        if (effective == "patch")
        {
            Assert.DoesNotContain(sidecar, i => i.Name == "sw");
            var filters = (await project.ExecAsync(ConlinkSidecar.Service, "tc", "filter", "show", "dev", "peer-a_1-eth0", "parent", "ffff:"))
                .EnsureSuccess().Stdout;
            Assert.Contains("mirred (Egress Redirect to device peer-b_1-eth0)", filters);
        }
        (await project.PingAsync("peer-a", 1, "10.50.0.12")).EnsureSuccess();
        (await project.PingAsync("peer-b", 1, "10.50.0.11")).EnsureSuccess();

        (await project.RunComposeAsync("up", "-d", "-t", "1", "--scale", "peer-b=0")).EnsureSuccess();
        (await project.RunComposeAsync("up", "-d", "--scale", "peer-b=1")).EnsureSuccess();

        await project.WaitForAddressAsync("peer-b", 1, "eth0", Timeout);
        await project.WaitUntilConnectedAsync(times: 2);
        (await project.PingAsync("peer-a", 1, "10.50.0.12")).EnsureSuccess();
        (await project.PingAsync("peer-b", 1, "10.50.0.11")).EnsureSuccess();
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }
}
