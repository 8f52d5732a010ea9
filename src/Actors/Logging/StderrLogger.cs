using Akka.Actor;
using Akka.Event;

namespace Conlink.Actors.Logging;

/// <summary>
/// Akka logger that writes every log event to stderr, as the original conlink does: plain
/// <c>time LEVEL message</c> lines, or JSON objects when <c>conlink.log-format = json</c>.
/// </summary>
public sealed class StderrLogger : ReceiveActor
{
    private static readonly Lock Gate = new();
    private readonly bool _json;

    public StderrLogger()
    {
        _json = Context.System.Settings.Config.GetString("conlink.log-format", "text") == "json";
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private void Write(LogEvent e)
    {
        // Akka announces its own orderly shutdown at info level; conlink says so itself.
        if (e.LogClass == typeof(CoordinatedShutdown) && e.LogLevel() == LogLevel.InfoLevel) return;
        var line = _json ? Json(e) : Text(e);
        lock (Gate) Console.Error.WriteLine(line);
    }

    private static string Text(LogEvent e)
    {
        var level = e.LogLevel() switch
        {
            LogLevel.ErrorLevel => "ERROR",
            LogLevel.WarningLevel => "WARN ",
            LogLevel.InfoLevel => "INFO ",
            _ => "DEBUG",
        };
        var text = $"{e.Timestamp:HH:mm:ss.fff} {level} {e.Message}";
        return e is Error { Cause: { } cause } && e.LogLevel() == LogLevel.ErrorLevel && cause is not OperationCanceledException
            ? $"{text}: {cause.Message}"
            : text;
    }

    private static string Json(LogEvent e) => JsonLogLine.Format(
        e.Timestamp,
        e.LogLevel().ToString().Replace("Level", "", StringComparison.Ordinal).ToLowerInvariant(),
        e.LogSource,
        e.Message?.ToString(),
        e is Error { Cause: { } cause } ? cause.Message : null);
}
