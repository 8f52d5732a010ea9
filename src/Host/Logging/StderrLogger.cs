using Akka.Actor;
using Akka.Event;

namespace Conlink.Host.Logging;

/// <summary>
/// The engine's Akka logger: every log event becomes a <see cref="LogEntry"/> on the host's
/// <see cref="LogOutput"/> (see <see cref="LogOutputSetup"/>). Without one it writes to stderr in the
/// format <c>conlink.log-format</c> names, as the original conlink logs.
/// </summary>
public sealed class StderrLogger : ReceiveActor
{
    private readonly LogOutput _output;

    public StderrLogger()
    {
        _output = Context.System.Settings.Setup.Get<LogOutputSetup>() is { HasValue: true } setup
            ? setup.Value.Output
            : new LogOutput(Console.Error, Context.System.Settings.Config.GetString("conlink.log-format", "text") == "json" ? LogFormat.Json : LogFormat.Text);
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private void Write(LogEvent e)
    {
        // Akka announces its own orderly shutdown at info level; conlink says so itself.
        if (e.LogClass == typeof(CoordinatedShutdown) && e.LogLevel() == Akka.Event.LogLevel.InfoLevel) return;
        var level = e.LogLevel() switch
        {
            Akka.Event.LogLevel.ErrorLevel => LogLevel.Error,
            Akka.Event.LogLevel.WarningLevel => LogLevel.Warning,
            Akka.Event.LogLevel.InfoLevel => LogLevel.Info,
            _ => LogLevel.Debug,
        };
        var error = e is Error { Cause: { } cause } && cause is not OperationCanceledException ? cause.Message : null;
        _output.Write(new LogEntry(e.Timestamp, level, e.LogSource, e.Message?.ToString() ?? "", error));
    }
}
