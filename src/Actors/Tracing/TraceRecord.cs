namespace Conlink.Actors.Tracing;

/// <summary>
/// One line of the <c>--trace</c> file: a message an actor received, or one kernel operation,
/// with how long it took and how it ended.
/// </summary>
public sealed record TraceRecord(
    DateTimeOffset Time,
    TraceKind Kind,
    string Source,
    string What,
    string? Container,
    string? Link,
    long DurationUs,
    string Result);

public enum TraceKind
{
    /// <summary>A message received by an actor; Source is the actor path, What the message type.</summary>
    Message,
    /// <summary>A kernel operation; Source is the namespace, What the operation.</summary>
    Netlink,
    /// <summary>
    /// Something a user of the lab cares about (<c>conlink events</c>): What is the event
    /// (link-state, netem, apply, fault-step, container-start, container-stop), Result its detail.
    /// </summary>
    Event,
}
