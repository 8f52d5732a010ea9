using Conlink.Actors.Control;
using Conlink.Actors.Tracing;
using Conlink.Config.Faults;

namespace Conlink.Host.Faults;

/// <summary>A fault schedule run inside the conlink it acts on (tests, benchmarks).</summary>
public sealed class EngineFaultTarget(EngineHost host) : IFaultTarget
{
    public Task<ControlResult> ChangeAsync(string target, LinkChange change, CancellationToken ct) =>
        host.Engine.ChangeLinkAsync(target, change, TimeSpan.FromSeconds(10));

    public Task RecordAsync(FaultEvent step, DateTimeOffset at, ControlResult result, CancellationToken ct)
    {
        host.RecordFaultStep(step.Step.Target, FaultStepDetail(step, at, result));
        return Task.CompletedTask;
    }

    /// <summary>The detail of a fault-step event: what, when (UTC, to the microsecond), and how it went.</summary>
    public static string FaultStepDetail(FaultEvent step, DateTimeOffset at, ControlResult result) =>
        $"{step.Describe()} at +{step.At.TotalSeconds:0.000}s ({at.UtcDateTime:O}): {(result.Succeeded ? "done" : "failed: " + result.Message)}";
}
