using Conlink.Actors.Control;
using Conlink.Actors.Status;
using Conlink.Host.Events;
using Conlink.Host.Traffic;

namespace Conlink.Host.Control;

/// <summary>What the routes reach the running conlink through; each route takes only the parts it needs.</summary>
public sealed record ControlContext
{
    /// <summary>The engine's status snapshot (bounded by the engine's ask timeout).</summary>
    public required Func<CancellationToken, Task<StatusTracker.Snapshot>> Status { get; init; }

    /// <summary>A user's change of one link, by target; null: this server changes nothing.</summary>
    public Func<string, LinkChange, CancellationToken, Task<ControlResult>>? ChangeLink { get; init; }

    /// <summary>Re-reads the config files and applies the difference (argument: dry run); null: not possible here.</summary>
    public Func<bool, Task<Actors.Containers.ContainerManager.Replanned>>? Apply { get; init; }

    /// <summary>Records a fault schedule's step (link, detail) in the trace and the events; null: not here.</summary>
    public Action<string, string>? RecordFaultStep { get; init; }

    /// <summary>The running conlink's recent events; null: none kept.</summary>
    public EventLog? Events { get; init; }
    /// <summary>Every link's counters and captures (<c>/counters</c>, <c>/capture</c>); null: not served (an engine without a kernel).</summary>
    public TrafficReader? Traffic { get; init; }
}
