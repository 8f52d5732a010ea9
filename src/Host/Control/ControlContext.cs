using Conlink.Actors.Status;
using Conlink.Host.Traffic;

namespace Conlink.Host.Control;

/// <summary>What the routes reach the running conlink through; each route takes only the parts it needs.</summary>
public sealed record ControlContext
{
    /// <summary>The engine's status snapshot (bounded by the engine's ask timeout).</summary>
    public required Func<CancellationToken, Task<StatusTracker.Snapshot>> Status { get; init; }

    /// <summary>Every link's counters and captures (<c>/counters</c>, <c>/capture</c>); null: not served (an engine without a kernel).</summary>
    public TrafficReader? Traffic { get; init; }
}
