namespace Conlink.E2E.Harness;

/// <summary>
/// Docker 26 (Debian trixie's dockerd) as a second engine beside the main one, run by
/// scripts/setup-docker26.sh on its own socket, data root and exec root. A test starts it and stops it
/// again (which removes its folders): nothing of it outlives the test.
/// </summary>
public static class Docker26Engine
{
    public const string Socket = "/run/conlink-docker26.sock";

    // the first start downloads trixie's package list and docker.io (about 25 MB)
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);
    private static string Script => Repository.PathOf("scripts/setup-docker26.sh");

    /// <summary>What a compose project's commands need to run on Docker 26.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } =
        new Dictionary<string, string> { ["DOCKER_HOST"] = "unix://" + Socket };

    /// <summary>Starts the engine (fetching it when not cached); null when it answers, else why it cannot run here.</summary>
    public static async Task<string?> StartAsync()
    {
        CommandResult setup;
        try
        {
            setup = await Command.RunAsync(Script, [], SetupTimeout);
        }
        catch (TimeoutException e)
        {
            await StopAsync();
            return $"scripts/setup-docker26.sh did not finish within {SetupTimeout.TotalMinutes} min: {e.Message}";
        }
        if (setup.Succeeded) return null;
        var reason = setup.Stderr.Trim().Split('\n').TakeLast(12);
        return $"Docker 26 cannot run here (scripts/setup-docker26.sh exited {setup.ExitCode}):\n{string.Join('\n', reason)}";
    }

    /// <summary>Stops the engine and removes its data, run-time folders and socket.</summary>
    public static async Task StopAsync() =>
        (await Command.RunAsync(Script, ["stop"], StopTimeout)).EnsureSuccess();

    /// <summary>The docker client talking to Docker 26.</summary>
    public static Task<CommandResult> DockerAsync(params string[] arguments) =>
        Command.RunAsync("docker", arguments, StopTimeout, Environment);
}
