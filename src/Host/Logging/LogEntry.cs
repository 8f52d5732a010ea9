namespace Conlink.Host.Logging;

/// <summary>
/// One log line before it is formatted: when, how important, who says it (<see cref="LogOutput.HostSource"/>
/// for the host and the command line, the actor's path for the engine), what, and the error behind it.
/// </summary>
public sealed record LogEntry(DateTimeOffset Time, LogLevel Level, string Source, string Message, string? Error = null);
