namespace Conlink.Actors.Ports;

/// <summary>What a command run inside a container printed, and its exit code.</summary>
public sealed record ExecResult(long ExitCode, IReadOnlyList<string> Output);
