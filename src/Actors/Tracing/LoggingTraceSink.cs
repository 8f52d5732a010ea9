using Akka.Event;

namespace Conlink.Actors.Tracing;

/// <summary>
/// The kernel driver's sink when debug logging is on (<c>conlink -v</c>): every kernel operation
/// becomes a debug log line, and still goes to the trace file when there is one.
/// </summary>
public sealed class LoggingTraceSink(ITraceSink trace, ILoggingAdapter log) : ITraceSink
{
    public bool Enabled => true;

    public void Write(TraceRecord record)
    {
        if (trace.Enabled) trace.Write(record);
        if (record.Kind == TraceKind.Netlink)
            log.Debug("{0}: {1} (netns {2}): {3} in {4:F3} ms", record.Link ?? record.Container ?? "conlink", record.What, record.Source,
                record.Result, record.DurationUs / 1000.0);
    }
}
