namespace Conlink.Actors.Control;

/// <summary>The engine's answer to a control request; the server maps <see cref="Outcome"/> to an HTTP status.</summary>
public sealed record ControlResult(ControlOutcome Outcome, string Message)
{
    public static ControlResult Done(string message) => new(ControlOutcome.Done, message);

    public bool Succeeded => Outcome == ControlOutcome.Done;
}

public enum ControlOutcome
{
    Done,
    /// <summary>The request itself is wrong (400).</summary>
    Invalid,
    /// <summary>No such container or link (404).</summary>
    NotFound,
    /// <summary>Not now: the container is not running, the engine is stopping (409).</summary>
    Conflict,
    /// <summary>The kernel refused, e.g. it has no netem (422).</summary>
    KernelRefused,
}
