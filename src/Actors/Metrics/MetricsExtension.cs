using Akka.Actor;

namespace Conlink.Actors.Metrics;

/// <summary>Gives every actor of one system the metrics port chosen at startup (as <c>TraceExtension</c> does the trace).</summary>
public sealed class MetricsExtension : IExtension
{
    public IEngineMetrics Metrics { get; private set; } = NullEngineMetrics.Instance;

    public void Use(IEngineMetrics metrics) => Metrics = metrics;

    public static IEngineMetrics Of(ActorSystem system) => system.WithExtension<MetricsExtension, MetricsExtensionId>().Metrics;

    public static MetricsExtension Get(ActorSystem system) => system.WithExtension<MetricsExtension, MetricsExtensionId>();
}

public sealed class MetricsExtensionId : ExtensionIdProvider<MetricsExtension>
{
    public override MetricsExtension CreateExtension(ExtendedActorSystem system) => new();
}
