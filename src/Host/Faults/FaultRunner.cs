using System.Diagnostics;
using Conlink.Actors.Control;
using Conlink.Config.Faults;
using Conlink.Config.Model;
using Conlink.Syntax.Netem;

namespace Conlink.Host.Faults;

/// <summary>
/// Carries out a fault schedule against a running conlink, each event at its offset from the
/// start, each one logged and recorded in the trace with the time it happened. Cancelling
/// (Ctrl-C) undoes every step still in effect: links it took down come up, netem it set is reset.
/// </summary>
public sealed class FaultRunner(IFaultTarget target, Action<string> log, Func<DateTimeOffset>? clock = null)
{
    private readonly Func<DateTimeOffset> _clock = clock ?? (() => DateTimeOffset.UtcNow);

    public sealed record Outcome(int Done, IReadOnlyList<string> Failures, bool Cancelled, IReadOnlyList<string> Undone);

    public async Task<Outcome> RunAsync(FaultSchedule schedule, CancellationToken ct)
    {
        var inEffect = new Dictionary<(string Target, bool Netem), FaultEvent>();
        var failures = new List<string>();
        var done = 0;
        var started = Stopwatch.StartNew();
        var cancelled = false;
        foreach (var e in schedule.Timeline())
        {
            try
            {
                var wait = e.At - started.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                break;
            }
            var result = await CarryOutAsync(e, CancellationToken.None).ConfigureAwait(false);
            done++;
            if (!result.Succeeded) failures.Add($"{e.Describe()}: {result.Message}");
            var key = (e.Step.Target, e.Action is FaultAction.Netem or FaultAction.NetemReset);
            if (result.Succeeded && e.Action is FaultAction.Down or FaultAction.Netem) inEffect[key] = e;
            else if (e.Action is FaultAction.Up or FaultAction.NetemReset) inEffect.Remove(key);
        }
        var undone = new List<string>();
        if (cancelled)
        {
            foreach (var (key, e) in inEffect)
            {
                var undo = new FaultEvent(started.Elapsed, e.Step, key.Netem ? FaultAction.NetemReset : FaultAction.Up, null, true, e.Occurrence);
                var result = await CarryOutAsync(undo, CancellationToken.None).ConfigureAwait(false);
                undone.Add(undo.Describe());
                if (!result.Succeeded) failures.Add($"undoing {e.Describe()}: {result.Message}");
            }
        }
        return new Outcome(done, failures, cancelled, undone);
    }

    private async Task<ControlResult> CarryOutAsync(FaultEvent e, CancellationToken ct)
    {
        LinkChange change = e.Action switch
        {
            FaultAction.Down => new LinkChange.Down(),
            FaultAction.Up => new LinkChange.Up(),
            FaultAction.Netem => new LinkChange.SetNetem(new NetemSetting([e.Netem!], NetemParser.Parse(e.Netem!))),
            _ => new LinkChange.ResetNetem(),
        };
        var at = _clock();
        ControlResult result;
        try
        {
            result = await target.ChangeAsync(e.Step.Target, change, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = new ControlResult(ControlOutcome.Conflict, ex.GetBaseException().Message);
        }
        log($"{at.UtcDateTime:HH:mm:ss.fff} +{e.At.TotalSeconds:0.000}s {e.Describe()}: {(result.Succeeded ? "done" : "FAILED: " + result.Message)}");
        try
        {
            await target.RecordAsync(e, at, result, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log($"  (could not record the step in conlink's trace: {ex.GetBaseException().Message})");
        }
        return result;
    }
}
