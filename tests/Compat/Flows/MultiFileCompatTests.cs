using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.Compat.Tests.Flows;

/// <summary>
/// Files/multi-file: modes selected with <c>mdc</c> (taken out of the conlink image), conlink started as
/// <c>/app/build/conlink.js --compose-file ${COMPOSE_FILE}</c> in /test, so it merges the x-network sections of
/// every selected file itself, including links for a service another file defines.
/// </summary>
public sealed class MultiFileCompatTests(ITestOutputHelper output)
{
    private static readonly string Directory = OriginalStyle.FilesOf("multi-file");

    [SkippableFact]
    public async Task One_mode_adds_an_interface_to_the_hub_that_another_mode_defines()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        var envFile = await Mdc.SelectModesAsync(Directory, "left");
        var plan = ExamplePlan.Load(Mdc.ComposeFilesOf(envFile));
        await using var project = ComposeProject.FromEnvFile(envFile, output, ownsDirectory: true);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await OriginalStyle.UpAsync(project);

        Assert.StartsWith("/app/build/conlink.js --compose-file ", await OriginalStyle.SidecarCommandAsync(project));
        var hub = await project.InterfacesAsync("hub");
        Assert.Equal(["core0", "lo", "west0"], hub.Select(i => i.Name).Order());
        ExamplePlan.AssertBuilt(plan.LinksOf("hub"), hub);
        ExamplePlan.AssertBuilt(plan.LinksOf("lefty"), await project.InterfacesAsync("lefty"));
        (await project.PingAsync("lefty", 1, "10.60.0.1")).EnsureSuccess();
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    [SkippableFact]
    public async Task Every_mode_merged_routes_between_both_sides_and_the_hub_serves_from_its_never_ending_command()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        var envFile = await Mdc.SelectModesAsync(Directory, "all");
        var plan = ExamplePlan.Load(Mdc.ComposeFilesOf(envFile));
        await using var project = ComposeProject.FromEnvFile(envFile, output, ownsDirectory: true);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await OriginalStyle.UpAsync(project);

        var hub = await project.InterfacesAsync("hub");
        Assert.Equal(["core0", "east0", "lo", "west0"], hub.Select(i => i.Name).Order());
        ExamplePlan.AssertBuilt(plan.LinksOf("hub"), hub);
        for (var index = 1; index <= 2; index++)
            ExamplePlan.AssertBuilt(plan.LinksOf("righty", index), await project.InterfacesAsync("righty", index));
        (await project.PingAsync("lefty", 1, "10.62.0.10")).EnsureSuccess();
        (await project.PingAsync("lefty", 1, "10.62.0.11")).EnsureSuccess();
        (await project.PingAsync("righty", 2, "10.61.0.10")).EnsureSuccess();
        // as the original's test does: the hub's own wait.sh until the server listens, then fetch from each replica
        (await project.ExecAsync("hub", "/utils/wait.sh", "-t", "10.60.0.1:80")).EnsureSuccess();
        for (var index = 1; index <= 2; index++)
        {
            var page = (await project.ExecAsync("righty", index, "wget", "-q", "-O", "-", "http://10.60.0.1/")).EnsureSuccess().Stdout;
            Assert.Equal("served by hub\n", page);
        }
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }
}
