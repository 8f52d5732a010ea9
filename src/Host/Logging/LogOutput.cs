using System.Text;
using System.Text.Json;

namespace Conlink.Host.Logging;

/// <summary>
/// The one place every log line goes through: the host's and the command line's own messages and
/// the engine's (through <see cref="StderrLogger"/>) are structured <see cref="LogEntry"/>s, written
/// here as text or as JSON. Lines from several threads never interleave.
/// </summary>
public sealed class LogOutput(TextWriter writer, LogFormat format, Func<DateTimeOffset>? clock = null)
{
    /// <summary>The source of the host's and the command line's lines.</summary>
    public const string HostSource = "conlink";

    private readonly Lock _gate = new();
    private readonly Func<DateTimeOffset> _clock = clock ?? (() => DateTimeOffset.UtcNow);

    public LogFormat Format { get; } = format;

    public void Info(string message) => Write(new LogEntry(_clock(), LogLevel.Info, HostSource, message));

    public void Warning(string message) => Write(new LogEntry(_clock(), LogLevel.Warning, HostSource, message));

    public void Error(string message) => Write(new LogEntry(_clock(), LogLevel.Error, HostSource, message));

    public void Write(LogEntry entry)
    {
        var line = Format == LogFormat.Json ? Json(entry) : Text(entry);
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Text(LogEntry e)
    {
        if (e.Source == HostSource)
        {
            var prefix = e.Level switch
            {
                LogLevel.Error => "ERROR: ",
                LogLevel.Warning => "WARNING: ",
                LogLevel.Debug => "DEBUG: ",
                _ => "",
            };
            return $"{HostSource}: {prefix}{e.Message}";
        }
        var level = e.Level switch
        {
            LogLevel.Error => "ERROR",
            LogLevel.Warning => "WARN ",
            LogLevel.Info => "INFO ",
            _ => "DEBUG",
        };
        var text = $"{e.Time:HH:mm:ss.fff} {level} {e.Message}";
        return e.Error is not null && e.Level == LogLevel.Error ? $"{text}: {e.Error}" : text;
    }

    private static string Json(LogEntry e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", e.Time.ToUniversalTime().ToString("O"));
            json.WriteString("level", e.Level.ToString().ToLowerInvariant());
            json.WriteString("source", e.Source);
            json.WriteString("message", e.Message);
            if (e.Error is not null) json.WriteString("error", e.Error);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
