using Conlink.Actors.Tracing;

namespace Conlink.Actors.Ports;

/// <summary>
/// What a network driver gets from the engine: the scheduler of the dedicated netlink threads
/// (<c>conlink.netlink-dispatcher</c>) and the trace sink for its operations.
/// </summary>
public sealed record NetworkContext(TaskScheduler Scheduler, ITraceSink Trace);
