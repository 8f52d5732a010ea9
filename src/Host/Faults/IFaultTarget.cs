using Conlink.Actors.Control;
using Conlink.Config.Faults;

namespace Conlink.Host.Faults;

/// <summary>Where a fault schedule acts: a running conlink, over its control socket or in process.</summary>
public interface IFaultTarget
{
    Task<ControlResult> ChangeAsync(string target, LinkChange change, CancellationToken ct);

    /// <summary>Writes the step to the running conlink's trace and events, with when it was carried out.</summary>
    Task RecordAsync(FaultEvent step, DateTimeOffset at, ControlResult result, CancellationToken ct);
}
