using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Control;

/// <summary>
/// Packet capture through the conlink sidecar on the real Docker engine (issue 16):
/// <c>docker compose exec network /app/conlink capture NODE:eth0 -c 4 -w - | tcpdump -n -r -</c>.
/// </summary>
public sealed class CaptureSidecarTests(ITestOutputHelper output)
{
    private const string Tcpdump = "/usr/bin/tcpdump";

    [SkippableFact]
    public async Task A_capture_streamed_from_the_sidecar_is_pcapng_that_tcpdump_reads_showing_the_icmp_echoes()
    {
        Skip.IfNot(File.Exists(Tcpdump), $"{Tcpdump} is missing (Debian's tcpdump package reads the capture)");
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromYaml(LiveControlSidecarTests.TwoNodes, output, testName: "e2egaps-capture");
        await project.UpUntilConnectedAsync();
        await project.WaitForAddressAsync("node", 1, "eth0", TimeSpan.FromSeconds(10));
        // One ping first, so that node_1 knows node_2's MAC and the captured packets are the echoes, not ARP.
        Assert.True((await project.PingAsync("node", 1, "10.0.0.2")).Succeeded, "node_1 cannot ping node_2");

        var pinging = project.ExecAsync("node", 1, "ping", "-c", "15", "10.0.0.2");
        var (capture, tcpdump) = await project.ExecPipedAsync(ConlinkSidecar.Service,
            ["/app/conlink", "capture", "node_1:eth0", "-c", "4", "-w", "-"], Tcpdump, "-n", "-r", "-");
        await pinging;

        Assert.Equal(0, capture.ExitCode);
        Assert.Contains("4 packets captured", capture.Stderr);
        Assert.Equal(0, tcpdump.ExitCode);
        Assert.Contains("link-type EN10MB", tcpdump.Stderr);
        var packets = tcpdump.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, packets.Length);
        Assert.Contains(packets, p => p.Contains("IP 10.0.0.1 > 10.0.0.2: ICMP echo request", StringComparison.Ordinal));
        Assert.Contains(packets, p => p.Contains("IP 10.0.0.2 > 10.0.0.1: ICMP echo reply", StringComparison.Ordinal));
    }
}
