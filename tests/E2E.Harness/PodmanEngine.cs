namespace Conlink.E2E.Harness;

/// <summary>
/// Podman's Docker-compatible API service (scripts/setup-podman.sh starts it), for the tests that run
/// containers of both engines. Compose is pointed at it with DOCKER_HOST; the services of a compose file
/// run there need <c>ulimits:</c> nofile and nproc 4096 (these machines refuse podman's default).
/// </summary>
public static class PodmanEngine
{
    public const string Socket = "/run/podman/podman.sock";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(20);
    private static readonly Lazy<Task<string?>> UnavailableReason = new(ProbeAsync);

    /// <summary>What a compose project's commands need to run on podman.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } =
        new Dictionary<string, string> { ["DOCKER_HOST"] = "unix://" + Socket };

    /// <summary>Skips unless podman's API answers and holds every image.</summary>
    public static async Task SkipUnlessReadyAsync(params string[] images)
    {
        var reason = await UnavailableReason.Value;
        Skip.If(reason is not null, reason);
        foreach (var image in images)
        {
            var inspect = await PodmanDockerAsync("image", "inspect", image);
            Skip.IfNot(inspect.Succeeded, $"podman has no image {image}: scripts/setup-podman.sh copies it from Docker");
        }
    }

    private static async Task<string?> ProbeAsync()
    {
        if (!File.Exists(Socket)) return $"no podman API socket at {Socket}: run scripts/setup-podman.sh";
        CommandResult version;
        try
        {
            version = await PodmanDockerAsync("version", "--format", "{{.Server.Version}}");
        }
        catch (TimeoutException)
        {
            return $"podman at {Socket} does not answer within 20 s: run scripts/setup-podman.sh";
        }
        return version.Succeeded ? null : $"podman at {Socket} does not answer ({version.Stderr.Trim()}): run scripts/setup-podman.sh";
    }

    /// <summary>The docker client talking to podman.</summary>
    public static Task<CommandResult> PodmanDockerAsync(params string[] arguments) =>
        Command.RunAsync("docker", arguments, ProbeTimeout, Environment);
}
