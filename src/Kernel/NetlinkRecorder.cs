using System.Diagnostics;
using Conlink.Actors.Metrics;
using Conlink.Actors.Tracing;
using Conlink.Netlink;

namespace Conlink.Kernel;

/// <summary>
/// Runs kernel operations for one link and writes each to the trace with its duration and
/// result, so <c>--trace</c> shows exactly which operation made a link fail and how long each took,
/// and measures each for <c>conlink_kernel_operation_seconds{op}</c>.
/// </summary>
internal sealed class NetlinkRecorder(ITraceSink trace, IEngineMetrics metrics, string? container, string? link)
{
    public T Do<T>(NetlinkHandle handle, string operation, Func<T> work) => Do(handle.Namespace, operation, work);

    public void Do(NetlinkHandle handle, string operation, Action work) => Do(handle.Namespace, operation, () =>
    {
        work();
        return true;
    });

    public T Do<T>(string ns, string operation, Func<T> work)
    {
        var started = Stopwatch.GetTimestamp();
        if (!trace.Enabled)
        {
            try
            {
                return work();
            }
            finally
            {
                metrics.KernelOperation(operation, Stopwatch.GetElapsedTime(started));
            }
        }
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
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.KernelOperation(operation, elapsed);
            trace.Write(new TraceRecord(DateTimeOffset.UtcNow, TraceKind.Netlink, ns, operation, container, link,
                (long)elapsed.TotalMicroseconds, result));
        }
    }
}
