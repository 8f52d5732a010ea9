using Akka.Actor;

namespace Conlink.Actors.Tracing;

/// <summary>Gives every actor of one system the trace sink chosen at startup.</summary>
public sealed class TraceExtension : IExtension
{
    public ITraceSink Sink { get; private set; } = NullTraceSink.Instance;

    public void Use(ITraceSink sink) => Sink = sink;

    /// <summary>Where events go besides the trace (the running conlink's bounded event log, <c>conlink events</c>).</summary>
    public ITraceSink Events { get; private set; } = NullTraceSink.Instance;

    public void UseEvents(ITraceSink events) => Events = events;

    /// <summary>Records an event: in the event log, and in the trace when there is one.</summary>
    public void Event(string source, string what, string? container, string? link, string detail)
    {
        if (!Sink.Enabled && !Events.Enabled) return;
        var record = new TraceRecord(DateTimeOffset.UtcNow, TraceKind.Event, source, what, container, link, 0, detail);
        if (Sink.Enabled) Sink.Write(record);
        if (Events.Enabled) Events.Write(record);
    }

    public static TraceExtension Get(ActorSystem system) => system.WithExtension<TraceExtension, TraceExtensionId>();
}

public sealed class TraceExtensionId : ExtensionIdProvider<TraceExtension>
{
    public override TraceExtension CreateExtension(ExtendedActorSystem system) => new();
}
