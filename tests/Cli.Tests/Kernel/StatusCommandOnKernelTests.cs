using System.Text.Json.Nodes;
using Conlink.Cli.Tests.Support;
using Conlink.Testing;
using Xunit.Abstractions;

namespace Conlink.Cli.Tests.Kernel;

/// <summary><c>conlink status</c> against a real engine on the real kernel, over its Unix socket.</summary>
public sealed class StatusCommandOnKernelTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task The_table_shows_the_ready_link_and_the_failed_link_with_the_kernel_reason()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        await using var conlink = new KernelConlink();
        await conlink.StartServicesAsync("good", "broken");

        var run = CliRun.Of(["status", "--socket", conlink.StatusSocket]);
        output.WriteLine(run.Out);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["CONTAINER", "LINK", "STATE", "IP", "MAC", "BRIDGE/TUNNEL", "REASON"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var broken = Cells(lines.Single(l => l.StartsWith("broken_1", StringComparison.Ordinal)));
        Assert.Equal(["broken_1", "eth0", "failed", "10.0.0.2/24"], broken[..4]);
        Assert.Equal("s1", broken[5]);
        Assert.Contains("10.9.0.0/16 via 10.5.0.1", string.Join(' ', broken[6..]));
        var good = Cells(lines.Single(l => l.StartsWith("good_1", StringComparison.Ordinal)));
        Assert.Equal(["good_1", "eth0", "ready", "10.0.0.1/24"], good[..4]);
        Assert.Matches("^c2(:[0-9a-f]{2}){5}$", good[4]);
        Assert.Equal("s1", good[5]);
        Assert.Equal("1/2 ready, 1 failed", lines[^1]);
    }

    [SkippableFact]
    public async Task All_links_ready_exit_zero_and_json_carries_each_link_with_its_state()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        await using var conlink = new KernelConlink();
        await conlink.StartServicesAsync("good");

        var table = CliRun.Of(["status", "--socket", conlink.StatusSocket]);
        var json = CliRun.Of(["status", "--socket", conlink.StatusSocket, "--json"]);

        Assert.Equal(0, table.ExitCode);
        Assert.EndsWith("1/1 ready\n", table.Out, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        var link = Assert.Single(JsonNode.Parse(json.Out)!["links"]!.AsArray())!;
        Assert.Equal(("good_1", "eth0", "ready", "10.0.0.1/24"), ((string)link["container"]!, (string)link["dev"]!, (string)link["state"]!, (string)link["ip"]!));
    }

    [SkippableFact]
    public async Task A_stopped_conlink_is_reported_unreachable_with_the_socket_and_how_to_point_at_it()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        await using var conlink = new KernelConlink();
        await conlink.StopAsync();

        var run = CliRun.Of(["status", "--socket", conlink.StatusSocket]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"cannot reach conlink at unix socket {conlink.StatusSocket}", run.Error);
        Assert.Contains("docker compose exec network /app/conlink status", run.Error);
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
