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
    public async Task Arguments_starting_with_a_dash_run_app_conlink()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Conlink);

        var implicitCommand = await RunAsync("--version");
        var explicitCommand = await RunAsync("/app/conlink", "--version");

        Assert.Equal(explicitCommand.ExitCode, implicitCommand.ExitCode);
        Assert.Equal(explicitCommand.Stdout, implicitCommand.Stdout);
        Assert.Equal(explicitCommand.Stderr, implicitCommand.Stderr);
        Assert.False(string.IsNullOrWhiteSpace(explicitCommand.Stdout + explicitCommand.Stderr), "conlink printed nothing");
    }

    private static Task<CommandResult> RunAsync(params string[] command) =>
        Command.RunAsync("docker", ["run", "--rm", "--network", "none", TestImages.Conlink, .. command], RunTimeout);
}
