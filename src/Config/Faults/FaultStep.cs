namespace Conlink.Config.Faults;

/// <summary>What one step of a fault schedule does to a link.</summary>
public enum FaultAction
{
    Down,
    Up,
    Netem,
    NetemReset,
}

/// <summary>
/// One step as written: at <see cref="At"/>, do <see cref="Action"/> to <see cref="Target"/>;
/// undo it after <see cref="For"/>; do it <see cref="Repeat"/> times, <see cref="Every"/> apart.
/// </summary>
public sealed record FaultStep(int Line, TimeSpan At, string Target, FaultAction Action, string? Netem, TimeSpan? For, int Repeat, TimeSpan? Every)
{
    public string Describe() => Action switch
    {
        FaultAction.Down => $"link down {Target}",
        FaultAction.Up => $"link up {Target}",
        FaultAction.Netem => $"netem set {Target} {Netem}",
        _ => $"netem reset {Target}",
    };
}

/// <summary>One moment of the expanded schedule: a step's action, or the undoing of one.</summary>
public sealed record FaultEvent(TimeSpan At, FaultStep Step, FaultAction Action, string? Netem, bool IsUndo, int Occurrence)
{
    public string Describe() => Action switch
    {
        FaultAction.Down => $"link down {Step.Target}",
        FaultAction.Up => $"link up {Step.Target}",
        FaultAction.Netem => $"netem set {Step.Target} {Netem}",
        _ => $"netem reset {Step.Target}",
    } + (IsUndo ? $" (end of step at line {Step.Line})" : Step.Repeat > 1 ? $" ({Occurrence}/{Step.Repeat})" : "");
}
