using System.Threading.Channels;
using Conlink.Actors.Ports;
using Conlink.Config.Planning;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Conlink.Docker;

/// <summary>A Docker (or podman's Docker-compatible) engine, reached over its API socket.</summary>
public sealed class DockerRuntime : IContainerRuntime, IDisposable
{
    private readonly DockerClient _client;

    public DockerRuntime(string name, string socketPath)
    {
        Name = name;
        SocketPath = socketPath;
        _client = new DockerClientConfiguration(new Uri("unix://" + socketPath)).CreateClient();
    }

    public string Name { get; }
    public string SocketPath { get; }

    /// <summary>Checks that the engine answers; returns its version.</summary>
    public async Task<string> PingAsync(CancellationToken ct)
    {
        var version = await _client.System.GetVersionAsync(ct).ConfigureAwait(false);
        return $"{version.Version} (API {version.APIVersion})";
    }

    public async Task<IReadOnlyList<ContainerIdentity>> ListRunningAsync(CancellationToken ct)
    {
        var listed = await _client.Containers.ListContainersAsync(new ContainersListParameters(), ct).ConfigureAwait(false);
        var inspected = await Task.WhenAll(listed.Select(c => InspectAsync(c.ID, ct))).ConfigureAwait(false);
        return inspected.OfType<ContainerIdentity>().ToList();
    }

    public async Task<ContainerIdentity?> InspectAsync(string containerId, CancellationToken ct)
    {
        try
        {
            var c = await _client.Containers.InspectContainerAsync(containerId, ct).ConfigureAwait(false);
            if (c.State is not { Running: true } || c.State.Pid <= 0) return null;
            var labels = c.Config?.Labels is { } l ? new Dictionary<string, string>(l) : new Dictionary<string, string>();
            return ComposeLabels.ToIdentity(c.ID, c.Name, (int)c.State.Pid, labels);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The containers in the <c>created</c> state (made, never started), as compose leaves them before it starts them.</summary>
    public async Task<IReadOnlyList<ContainerIdentity>> ListCreatedAsync(CancellationToken ct)
    {
        var listed = await _client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["status"] = new Dictionary<string, bool> { ["created"] = true } },
        }, ct).ConfigureAwait(false);
        var inspected = await Task.WhenAll(listed.Select(c => InspectCreatedAsync(c.ID, ct))).ConfigureAwait(false);
        return inspected.OfType<ContainerIdentity>().ToList();
    }

    public async Task<ContainerIdentity?> InspectCreatedAsync(string containerId, CancellationToken ct)
    {
        try
        {
            var c = await _client.Containers.InspectContainerAsync(containerId, ct).ConfigureAwait(false);
            if (c.State?.Status != "created") return null;
            var labels = c.Config?.Labels is { } l ? new Dictionary<string, string>(l) : new Dictionary<string, string>();
            return ComposeLabels.ToIdentity(c.ID, c.Name, 0, labels);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Follows the engine's container events (<see cref="EngineEventStream"/>) and returns once the engine
    /// answered the request. The stream asks for events since a second before the call, which the engine
    /// replays, so events that happen while the request is still on its way are delivered too.
    /// </summary>
    public Task<ChannelReader<ContainerEvent>> SubscribeAsync(CancellationToken ct) =>
        EngineEventStream.OpenAsync(SocketPath, $"{Name} at {SocketPath}", DateTimeOffset.UtcNow.AddSeconds(-1), ct);

    public async Task<ExecResult> ExecAsync(string containerId, IReadOnlyList<string> argv, CancellationToken ct)
    {
        var created = await _client.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters
        {
            Cmd = argv.ToList(),
            AttachStdout = true,
            AttachStderr = true,
        }, ct).ConfigureAwait(false);
        using var stream = await _client.Exec.StartAndAttachContainerExecAsync(created.ID, false, ct).ConfigureAwait(false);
        var (kept, omitted) = await ReadCappedAsync(stream, ExecResult.MaxOutputBytes, ct).ConfigureAwait(false);
        var inspect = await _client.Exec.InspectContainerExecAsync(created.ID, ct).ConfigureAwait(false);
        var lines = kept.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new ExecResult(inspect.ExitCode, lines) { OmittedBytes = omitted };
    }

    /// <summary>
    /// Reads stdout and stderr to the end, keeping the first <paramref name="maxBytes"/> and counting
    /// the rest, so a command that prints forever (<c>yes</c>) costs no memory. Cancelling
    /// <paramref name="ct"/> (the container died, conlink stops) closes the stream, which ends a read
    /// that would otherwise wait for a command that never exits.
    /// </summary>
    private static async Task<(string Kept, long Omitted)> ReadCappedAsync(MultiplexedStream stream, int maxBytes, CancellationToken ct)
    {
        var kept = new MemoryStream();
        long omitted = 0;
        var buffer = new byte[16 * 1024];
        await using (ct.Register(stream.Dispose).ConfigureAwait(false))
        {
            try
            {
                while (true)
                {
                    var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
                    if (read.EOF) break;
                    var take = (int)Math.Min(read.Count, maxBytes - kept.Length);
                    kept.Write(buffer, 0, take);
                    omitted += read.Count - take;
                }
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is not OperationCanceledException)
            {
                throw new OperationCanceledException("the command's output was no longer read", e, ct);
            }
        }
        return (System.Text.Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length), omitted);
    }

    public void Dispose() => _client.Dispose();
}
