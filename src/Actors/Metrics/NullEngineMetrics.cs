namespace Conlink.Actors.Metrics;

/// <summary>No one measures: every call does nothing.</summary>
public sealed class NullEngineMetrics : IEngineMetrics
{
    public static NullEngineMetrics Instance { get; } = new();

    public void DockerEvent(string kind) { }

    public void ActorRestarted(string actor) { }

    public void LinkSetup(TimeSpan elapsed) { }

    public void KernelOperation(string operation, TimeSpan elapsed) { }
}
