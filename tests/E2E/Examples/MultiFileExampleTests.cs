using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Examples;

/// <summary>
/// examples/multi-file: modes combined by <c>mdc</c>; conlink reads every selected compose file
/// (COMPOSE_FILE) and merges their x-network sections, including links for services that other
/// files define (the original's test4).
/// </summary>
public sealed class MultiFileExampleTests(ITestOutputHelper output)
{
    private static readonly string ExampleDirectory = Repository.PathOf("examples/multi-file");

    [SkippableFact]
    public async Task Links_and_commands_from_every_mode_are_merged_and_nodes_reach_each_other_through_the_router()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        var envFile = await Mdc.SelectModesAsync(ExampleDirectory, "all");
        var plan = ExamplePlan.Load(Mdc.ComposeFilesOf(envFile));
        await using var project = ComposeProject.FromEnvFile(envFile, output, ownsDirectory: true);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await project.UpUntilConnectedAsync();

        // r0 is defined in mode base; e1 and e2 come from the files of modes node1 and nodes2
        var r0 = await project.InterfacesAsync("r0");
        Assert.Equal(["e0", "e1", "e2", "lo"], r0.Select(i => i.Name).Order());
        ExamplePlan.AssertBuilt(plan.LinksOf("r0"), r0);
        ExamplePlan.AssertBuilt(plan.LinksOf("node1"), await project.InterfacesAsync("node1"));
        for (var index = 1; index <= 2; index++)
            ExamplePlan.AssertBuilt(plan.LinksOf("node2", index), await project.InterfacesAsync("node2", index));
        (await project.PingAsync("node1", 1, "10.2.0.1")).EnsureSuccess();
        (await project.PingAsync("node1", 1, "10.2.0.2")).EnsureSuccess();
        (await project.PingAsync("node2", 2, "10.1.0.1")).EnsureSuccess();
        // mode web's command starts a web server in r0
        await project.WaitForLogAsync(ConlinkSidecar.Service, "-r0-1: command sh -c mkdir -p /www", ConlinkSidecar.ConnectTimeout);
        var page = (await project.ExecAsync("node1", "wget", "-q", "-O", "-", "http://10.0.0.100/")).EnsureSuccess().Stdout;
        Assert.Equal("hello from r0", page.Trim());
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }
}
