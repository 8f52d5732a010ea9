using Conlink.Config.Planning;

namespace Conlink.Actors.Runtime;

/// <summary>
/// A container engine as conlink needs it: what is running, what starts and dies, and a way to
/// run commands inside a container. Docker and podman implement it over their APIs; tests use
/// fakes or processes in throwaway namespaces.
/// </summary>
public interface IContainerRuntime
{
    /// <summary>A short name for logs: "docker", "podman", ...</summary>
    string Name { get; }

    Task<IReadOnlyList<ContainerIdentity>> ListRunningAsync(CancellationToken ct);

    /// <summary>Inspects one container; null when it no longer exists or is not running.</summary>
    Task<ContainerIdentity?> InspectAsync(string containerId, CancellationToken ct);

    /// <summary>
    /// Container start and die events from <paramref name="since"/> on (events during a preceding
    /// list are replayed, so nothing is missed). The sequence ends or throws when the connection is lost.
    /// </summary>
    IAsyncEnumerable<ContainerEvent> WatchAsync(DateTimeOffset since, CancellationToken ct);

    Task<ExecResult> ExecAsync(string containerId, IReadOnlyList<string> argv, CancellationToken ct);
}
