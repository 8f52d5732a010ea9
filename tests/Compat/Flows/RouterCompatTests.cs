using System.Text.Json;
using Conlink.Config.Model;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.Compat.Tests.Flows;

/// <summary>
/// Files/router, written as the original's examples are: <c>command: /app/build/conlink.js --compose-file ...</c>,
/// a gateway whose links are at the top level and three hosts that route through it.
/// </summary>
public sealed class RouterCompatTests(ITestOutputHelper output)
{
    private static readonly string ComposeFile = Path.Combine(OriginalStyle.FilesOf("router"), "compose.yaml");
    private static readonly ExamplePlan Plan = ExamplePlan.Load([ComposeFile]);

    [SkippableFact]
    public async Task The_original_command_line_wires_the_gateway_and_hosts_and_down_leaves_nothing()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await OriginalStyle.UpAsync(project);

        Assert.Equal("/app/build/conlink.js --compose-file /test/compose.yaml", await OriginalStyle.SidecarCommandAsync(project));
        foreach (var node in new[] { "gw", "a", "b", "c" })
            ExamplePlan.AssertBuilt(Plan.LinksOf(node), await project.InterfacesAsync(node));
        Assert.Equal(["eth-lan1", "eth-lan2", "eth-lan3", "lo"], (await project.InterfacesAsync("gw")).Select(i => i.Name).Order());
        Assert.Equal([CidrAddress.Parse("172.20.0.10/16")], (await project.InterfacesAsync("b")).Single(i => i.Name == "eth0").Ipv4Addresses);
        (await project.PingAsync("a", 1, "10.30.0.10")).EnsureSuccess();
        (await project.PingAsync("b", 1, "192.168.10.10")).EnsureSuccess();
        (await project.PingAsync("c", 1, "172.20.0.10")).EnsureSuccess();
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    /// <summary>The check the original's CI makes of --show-config, through the image's path for it.</summary>
    [SkippableFact]
    public async Task Show_config_through_the_original_path_lists_the_bridges_and_services()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);

        var result = (await project.RunComposeAsync("run", "--rm", "--no-deps", "-T", ConlinkSidecar.Service,
            "/app/build/conlink.js", "--show-config", "--compose-file", "/test/compose.yaml")).EnsureSuccess();

        using var config = JsonDocument.Parse(result.Stdout);
        Assert.Equal(["lan1", "lan2", "lan3"], config.RootElement.GetProperty("bridges").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["a", "b", "c", "gw"], config.RootElement.GetProperty("services").EnumerateObject().Select(p => p.Name).Order());
    }
}
