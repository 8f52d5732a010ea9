using Conlink.Actors.Metrics;
using Conlink.Actors.Ports;
using Conlink.Config.Model;
using Conlink.Config.Planning;

namespace Conlink.Actors.Engine;

/// <summary>What the engine is built from: the config, how to plan a container, the runtimes to follow and the kernel.</summary>
public sealed record EngineDependencies
{
    public required NetworkConfig Config { get; init; }

    /// <summary>Plans one container's links; a pure function of its identity (see <c>Planner</c>).</summary>
    public required Func<ContainerIdentity, ContainerPlan> Plan { get; init; }

    public required IReadOnlyList<IContainerRuntime> Runtimes { get; init; }

    /// <summary>Builds the kernel driver for the engine's netlink scheduler and trace.</summary>
    public required Func<NetworkContext, INetworkDriver> Network { get; init; }

    /// <summary>Where the engine reports what it measures (the host's Prometheus registry); nowhere by default.</summary>
    public IEngineMetrics Metrics { get; init; } = NullEngineMetrics.Instance;
}
