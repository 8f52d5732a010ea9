using System.Net.NetworkInformation;
using Conlink.Config.Model;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.Compat.Tests.Flows;

/// <summary>
/// Files/impairment on this machine's kernel, which has no sch_netem (common: Docker Desktop, WSL,
/// minimal cloud kernels): the original kept a link whose netem failed, and so does conlink. The
/// link is made with its address, MAC and MTU, degraded, "All links connected" is printed, and the
/// rest of the lab works. (The not-degraded case runs in the VM level, whose kernel has netem.)
/// </summary>
public sealed class ImpairmentCompatTests(ITestOutputHelper output)
{
    private static readonly string ComposeFile = Path.Combine(OriginalStyle.FilesOf("impairment"), "compose.yaml");

    [SkippableFact]
    public async Task A_netem_link_on_a_kernel_without_sch_netem_comes_up_degraded_and_the_lab_works()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        Skip.If(await KernelFeatures.HasNetemAsync(), "this kernel has sch_netem: the link is not degraded here (the VM level runs that case)");
        await using var project = ComposeProject.FromFile(ComposeFile, output);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        var log = await OriginalStyle.UpAsync(project);

        Assert.Equal("/app/build/conlink.js --compose-file /test/compose.yaml", await OriginalStyle.SidecarCommandAsync(project));
        Assert.Equal(1, ComposeProject.CountOf(log, "eth0 is degraded: netem not applied (kernel lacks sch_netem)"));
        Assert.Contains("links: 2 connected, 1 degraded, 0 failed", log, StringComparison.Ordinal);

        var status = (await project.ExecAsync(ConlinkSidecar.Service, "/app/conlink", "status")).EnsureSuccess().Stdout;
        var slowRow = Assert.Single(status.Split('\n'), l => l.StartsWith(project.Name + "-slow-1 ", StringComparison.Ordinal));
        Assert.Contains("degraded: netem not applied (kernel lacks sch_netem)", slowRow, StringComparison.Ordinal);
        var fastRow = Assert.Single(status.Split('\n'), l => l.StartsWith(project.Name + "-fast-1 ", StringComparison.Ordinal));
        Assert.DoesNotContain("degraded", fastRow, StringComparison.Ordinal);

        var eth0 = (await project.InterfacesAsync("slow")).Single(i => i.Name == "eth0");
        Assert.Equal([CidrAddress.Parse("10.40.0.1/24")], eth0.Ipv4Addresses);
        Assert.Equal(1400, eth0.Mtu);
        Assert.Equal(PhysicalAddress.Parse("02-00-00-40-00-01"), eth0.Mac);
        (await project.PingAsync("slow", 1, "10.40.0.2")).EnsureSuccess();
        (await project.PingAsync("fast", 1, "10.40.0.1")).EnsureSuccess();
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }
}
