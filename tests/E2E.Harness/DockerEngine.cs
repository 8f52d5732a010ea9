using System.ComponentModel;

namespace Conlink.E2E.Harness;

/// <summary>
/// Whether this machine can run the end-to-end tests: root, an answering Docker engine and the
/// compose v2 plugin, probed once per test run. Tests call <see cref="SkipUnlessReadyAsync"/>
/// first, so on a machine without them every test is reported as skipped, with the reason.
/// </summary>
public static class DockerEngine
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(20);
    private static readonly Lazy<Task<string?>> UnavailableReason = new(ProbeAsync);

    /// <summary>Skips the calling test unless the engine answers and every image is present.</summary>
    public static async Task SkipUnlessReadyAsync(params string[] images)
    {
        var reason = await UnavailableReason.Value;
        Skip.If(reason is not null, reason);
        foreach (var image in images)
        {
            var inspect = await DockerAsync("image", "inspect", image);
            Skip.IfNot(inspect.Succeeded,
                $"image {image} is missing: build it with scripts/setup-docker.sh (local/*) or scripts/build-image.sh (conlink)");
        }
    }

    private static async Task<string?> ProbeAsync()
    {
        if (!Environment.IsPrivilegedProcess)
            return "end-to-end tests need root (they read containers' network namespaces from the host)";
        CommandResult engine;
        try
        {
            engine = await DockerAsync("version", "--format", "{{.Server.Version}}");
        }
        catch (Win32Exception)
        {
            return "no `docker` client on PATH: run scripts/setup-docker.sh";
        }
        catch (TimeoutException)
        {
            return "the Docker engine does not answer within 20 s: run scripts/setup-docker.sh";
        }
        if (!engine.Succeeded)
            return $"the Docker engine does not answer ({engine.Stderr.Trim()}): run scripts/setup-docker.sh";
        var compose = await DockerAsync("compose", "version", "--short");
        if (!compose.Succeeded)
            return "the `docker compose` v2 plugin is missing: run scripts/setup-docker.sh";
        return null;
    }

    private static Task<CommandResult> DockerAsync(params string[] arguments) =>
        Command.RunAsync("docker", arguments, ProbeTimeout);
}
