using System.Diagnostics;

namespace Conlink.E2E.Harness;

/// <summary>
/// Proves that a compose project left nothing on the host once it is down: no container,
/// network or volume with its label, and no host interface, named network namespace or
/// iptables rule that was not there when the check started.
/// </summary>
public sealed class HostLeakCheck
{
    // the kernel destroys a dead namespace's interfaces asynchronously: give it a moment
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan DockerTimeout = TimeSpan.FromSeconds(30);

    private readonly string projectName;
    private readonly HostState before;

    private HostLeakCheck(string projectName, HostState before)
    {
        this.projectName = projectName;
        this.before = before;
    }

    /// <summary>Takes the snapshot that <see cref="AssertNothingLeftAsync"/> compares with.</summary>
    public static async Task<HostLeakCheck> StartAsync(string projectName) =>
        new(projectName, await HostState.ReadAsync());

    /// <summary>Fails, listing every leftover, unless the host is back to the snapshot.</summary>
    public async Task AssertNothingLeftAsync()
    {
        var waited = Stopwatch.StartNew();
        var leftovers = await LeftoversAsync();
        while (leftovers.Count > 0 && waited.Elapsed < SettleTime)
        {
            await Task.Delay(PollInterval);
            leftovers = await LeftoversAsync();
        }
        Assert.True(leftovers.Count == 0,
            $"project {projectName} left behind:\n  {string.Join("\n  ", leftovers)}");
    }

    private async Task<IReadOnlyList<string>> LeftoversAsync() =>
    [
        .. await DockerObjectsAsync("container", ["ps", "-a", "--format", "{{.Names}}"]),
        .. await DockerObjectsAsync("network", ["network", "ls", "--format", "{{.Name}}"]),
        .. await DockerObjectsAsync("volume", ["volume", "ls", "--format", "{{.Name}}"]),
        .. (await HostState.ReadAsync()).AddedSince(before),
    ];

    private async Task<IEnumerable<string>> DockerObjectsAsync(string kind, string[] listCommand)
    {
        var result = await Command.RunAsync("docker",
            [.. listCommand, "--filter", $"label=com.docker.compose.project={projectName}"], DockerTimeout);
        return result.EnsureSuccess().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => $"docker {kind} {name}");
    }
}
