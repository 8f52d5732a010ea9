using Conlink.Docker;
using Conlink.Host.Logging;

namespace Conlink.Host.Runtimes;

/// <summary>Connects to the container engines conlink follows: Docker, and podman through its Docker-compatible API.</summary>
public static class ContainerEngines
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The engines that answer, in order (Docker first). A missing Docker socket is worth a warning,
    /// a missing podman socket is not; an engine that does not answer is left out with a warning.
    /// The caller disposes what is returned.
    /// </summary>
    public static async Task<ConnectedEngines> ConnectAsync(string dockerSocket, string podmanSocket, LogOutput log, CancellationToken ct)
    {
        var connected = new List<DockerRuntime>();
        foreach (var (name, socket) in new[] { ("docker", dockerSocket), ("podman", podmanSocket) })
        {
            if (!File.Exists(socket))
            {
                if (name == "docker") log.Warning($"no Docker socket at {socket}");
                continue;
            }
            var runtime = new DockerRuntime(name, socket);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(PingTimeout);
                var version = await runtime.PingAsync(timeout.Token).ConfigureAwait(false);
                log.Info($"connected to {name} {version} at {socket}");
                connected.Add(runtime);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.Warning($"{name} at {socket} does not answer: {e.GetBaseException().Message}");
                runtime.Dispose();
            }
        }
        return new ConnectedEngines(connected);
    }
}
