using Conlink.Actors.Ports;
using Conlink.Docker;

namespace Conlink.Host.Runtimes;

/// <summary>The container engines conlink connected to; disposing closes their connections.</summary>
public sealed class ConnectedEngines(IReadOnlyList<DockerRuntime> engines) : IDisposable
{
    public IReadOnlyList<IContainerRuntime> Runtimes { get; } = engines;

    public void Dispose()
    {
        foreach (var engine in engines) engine.Dispose();
    }
}
