using System.Threading.Channels;
using Conlink.Config.Planning;

namespace Conlink.Actors.Ports;

/// <summary>
/// A container engine as conlink needs it: what is running, what starts and dies, and a way to
/// run commands inside a container. Docker and podman implement it over their APIs; tests use
/// fakes or processes in throwaway namespaces.
/// </summary>
public interface IContainerRuntime
{
    /// <summary>A short name for logs: "docker", "podman", ...</summary>
    string Name { get; }

    /// <summary>
    /// Subscribes to container start, die, create and destroy events. Every event from the moment the returned task
    /// completes on is delivered (kept until read), so a list taken after subscribing misses nothing:
    /// what starts before the list is in it, what starts after is an event. The reader completes,
    /// with the error, when the connection is lost.
    /// </summary>
    Task<ChannelReader<ContainerEvent>> SubscribeAsync(CancellationToken ct);

    Task<IReadOnlyList<ContainerIdentity>> ListRunningAsync(CancellationToken ct);

    /// <summary>
    /// Inspects one container; null when the engine says it no longer exists or is not running.
    /// Any other failure (a timeout, an engine error) throws, so the caller can retry.
    /// </summary>
    Task<ContainerIdentity?> InspectAsync(string containerId, CancellationToken ct);

    /// <summary>
    /// The containers that exist but have never started (Docker's <c>created</c> state): compose makes
    /// every container of a project first and starts them one by one, so these are about to run.
    /// A runtime that cannot tell lists none.
    /// </summary>
    Task<IReadOnlyList<ContainerIdentity>> ListCreatedAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<ContainerIdentity>>([]);

    /// <summary>Inspects a container that is only created; null when it is gone or no longer in that state.</summary>
    Task<ContainerIdentity?> InspectCreatedAsync(string containerId, CancellationToken ct) => Task.FromResult<ContainerIdentity?>(null);

    Task<ExecResult> ExecAsync(string containerId, IReadOnlyList<string> argv, CancellationToken ct);
}
