using Conlink.E2E.Harness;

namespace Conlink.E2E.Smoke;

/// <summary>The conlink image as scripts/build-image.sh builds it: its contents and its entrypoint.</summary>
public sealed class ConlinkImageTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task The_image_carries_the_app_and_the_tools_conlink_runs()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Conlink);

        var result = await RunAsync("sh", "-c", "test -x /app/conlink && test -d /utils && command -v iptables ethtool tini");

        result.EnsureSuccess();
    }

    [SkippableFact]
    public async Task The_utilities_are_where_the_original_has_them_and_anyone_may_run_them()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Conlink);

        var result = await RunAsync("sh", "-c",
            "for tool in wait copy echo wait.sh copy.sh mdc; do test -f /utils/$tool && test -x /utils/$tool "
            + "&& [ \"$(stat -c %a /utils/$tool)\" = 755 ] || echo \"bad /utils/$tool\"; done");

        result.EnsureSuccess();
        Assert.Equal("", result.Stdout);
    }

    [SkippableFact]
    public async Task Arguments_starting_with_a_dash_run_app_conlink()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Conlink);

        var implicitCommand = await RunAsync("--version");
        var explicitCommand = await RunAsync("/app/conlink", "--version");

        AssertSameRun(explicitCommand, implicitCommand);
        Assert.False(string.IsNullOrWhiteSpace(explicitCommand.Stdout + explicitCommand.Stderr), "conlink printed nothing");
    }

    [SkippableTheory]
    [InlineData("--version")]
    [InlineData("--help")]
    [InlineData("--bogus-flag")]
    [InlineData("--network-file", "/nonexistent.yaml", "--show-config")]
    public async Task The_original_command_app_build_conlink_js_runs_conlink_with_the_same_arguments(params string[] arguments)
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Conlink);

        var ours = await RunAsync(["/app/conlink", .. arguments]);
        var original = await RunAsync(["/app/build/conlink.js", .. arguments]);

        AssertSameRun(ours, original);
    }

    [SkippableFact]
    public async Task App_build_conlink_js_is_conlink_itself_also_without_the_entrypoint()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Conlink);

        // as `docker compose exec network /app/build/conlink.js ...` runs it: no entrypoint in between
        var direct = await Command.RunAsync("docker",
            ["run", "--rm", "--network", "none", "--entrypoint", "/app/build/conlink.js", TestImages.Conlink, "--version"], RunTimeout);
        var ours = await RunAsync("/app/conlink", "--version");

        AssertSameRun(ours, direct);
    }

    [SkippableFact]
    public async Task Conlink_is_on_the_path_and_the_working_directory_is_app_as_in_the_original()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Conlink);

        var result = await RunAsync("sh", "-c", "command -v conlink; pwd");

        Assert.Equal("/app/conlink\n/app\n", result.EnsureSuccess().Stdout);
    }

    private static void AssertSameRun(CommandResult expected, CommandResult actual)
    {
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.Stderr, actual.Stderr);
    }

    private static Task<CommandResult> RunAsync(params string[] command) =>
        Command.RunAsync("docker", ["run", "--rm", "--network", "none", TestImages.Conlink, .. command], RunTimeout);
}
