using Akka.Actor;

namespace Conlink.Actors.Tracing;

/// <summary>Gives every actor of one system the trace sink chosen at startup.</summary>
public sealed class TraceExtension : IExtension
{
    public ITraceSink Sink { get; private set; } = NullTraceSink.Instance;

    public void Use(ITraceSink sink) => Sink = sink;

    public static TraceExtension Get(ActorSystem system) => system.WithExtension<TraceExtension, TraceExtensionId>();
}

public sealed class TraceExtensionId : ExtensionIdProvider<TraceExtension>
{
    public override TraceExtension CreateExtension(ExtendedActorSystem system) => new();
}
