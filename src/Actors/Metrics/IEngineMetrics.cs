namespace Conlink.Actors.Metrics;

/// <summary>
/// What the engine tells whoever measures it (the Prometheus endpoint of the host): each call is a
/// cheap in-memory update, made on the actor's or the netlink thread, never blocking. The engine
/// knows no metrics library; the host implements this port.
/// </summary>
public interface IEngineMetrics
{
    /// <summary>A container event arrived from a runtime (<paramref name="kind"/>: <c>start</c>, <c>die</c>).</summary>
    void DockerEvent(string kind);

    /// <summary>An actor was restarted by its supervisor after a fault (<paramref name="actor"/>: its kind, e.g. <c>ContainerActor</c>).</summary>
    void ActorRestarted(string actor);

    /// <summary>A link became ready, <paramref name="elapsed"/> after conlink saw its container start.</summary>
    void LinkSetup(TimeSpan elapsed);

    /// <summary>
    /// One kernel operation took <paramref name="elapsed"/>. <paramref name="operation"/> is its trace text
    /// (<c>link-add h1-eth0</c>); its first word is its kind (<c>link-add</c>).
    /// </summary>
    void KernelOperation(string operation, TimeSpan elapsed);
}
