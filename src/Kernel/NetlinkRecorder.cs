using System.Diagnostics;
using Conlink.Actors.Tracing;
using Conlink.Netlink;

namespace Conlink.Kernel;

/// <summary>
/// Runs kernel operations for one link and writes each to the trace with its duration and
/// result, so <c>--trace</c> shows exactly which operation made a link fail and how long each took.
/// </summary>
internal sealed class NetlinkRecorder(ITraceSink trace, string? container, string? link)
{
    public T Do<T>(NetlinkHandle handle, string operation, Func<T> work) => Do(handle.Namespace, operation, work);

    public void Do(NetlinkHandle handle, string operation, Action work) => Do(handle.Namespace, operation, () =>
    {
        work();
        return true;
    });

    public T Do<T>(string ns, string operation, Func<T> work)
    {
        if (!trace.Enabled) return work();
        var started = Stopwatch.GetTimestamp();
        var result = "ok";
        try
        {
            return work();
        }
        catch (Exception e)
        {
            result = "error: " + e.Message;
            throw;
        }
        finally
        {
            trace.Write(new TraceRecord(DateTimeOffset.UtcNow, TraceKind.Netlink, ns, operation, container, link,
                (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds, result));
        }
    }
}
