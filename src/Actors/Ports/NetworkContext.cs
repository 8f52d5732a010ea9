using Conlink.Actors.Metrics;
using Conlink.Actors.Tracing;

namespace Conlink.Actors.Ports;

/// <summary>
/// What a network driver gets from the engine: the scheduler of the dedicated netlink threads
/// (<c>conlink.netlink-dispatcher</c>), the trace sink for its operations, and where their
/// durations are measured (<c>conlink_kernel_operation_seconds</c>).
/// </summary>
public sealed record NetworkContext(TaskScheduler Scheduler, ITraceSink Trace)
{
    public IEngineMetrics Metrics { get; init; } = NullEngineMetrics.Instance;
}
