namespace Conlink.Actors.Ports;

/// <summary>
/// What a command run inside a container printed (at most <see cref="MaxOutputBytes"/> of it), and
/// its exit code. <see cref="OmittedBytes"/> counts what it printed beyond that, read and dropped.
/// </summary>
public sealed record ExecResult(long ExitCode, IReadOnlyList<string> Output)
{
    /// <summary>Output kept (and logged) per command; the rest is read, so the command never blocks on it, and dropped.</summary>
    public const int MaxOutputBytes = 64 * 1024;

    public long OmittedBytes { get; init; }
}
