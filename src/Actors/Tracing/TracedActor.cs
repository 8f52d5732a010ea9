using System.Diagnostics;
using Akka.Actor;
using Conlink.Actors.Metrics;

namespace Conlink.Actors.Tracing;

/// <summary>
/// Base of conlink's actors: when tracing is on, every message received is written to the trace
/// with the time its handler took.
/// </summary>
public abstract class TracedActor : ReceiveActor
{
    private readonly ITraceSink _trace = TraceExtension.Get(Context.System).Sink;

    /// <summary>Counts the restart (<c>conlink_actor_restarts_total</c>), then does what Akka does: stop the children, post-stop.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        MetricsExtension.Of(Context.System).ActorRestarted(GetType().Name);
        base.PreRestart(reason, message);
    }

    protected override bool AroundReceive(Receive receive, object message)
    {
        if (!_trace.Enabled) return base.AroundReceive(receive, message);
        var started = Stopwatch.GetTimestamp();
        var result = "ok";
        try
        {
            var handled = base.AroundReceive(receive, message);
            if (!handled) result = "unhandled";
            return handled;
        }
        catch (Exception e)
        {
            result = "error: " + e.Message;
            throw;
        }
        finally
        {
            var traced = message as ITraced;
            _trace.Write(new TraceRecord(DateTimeOffset.UtcNow, TraceKind.Message, Self.Path.ToStringWithoutAddress(),
                message.GetType().Name, traced?.Container, traced?.Link,
                (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds, result));
        }
    }
}
