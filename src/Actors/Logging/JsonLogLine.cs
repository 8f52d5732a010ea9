using System.Text.Json;

namespace Conlink.Actors.Logging;

/// <summary>
/// One log line in <c>--log-format json</c>: <c>{"time","level","source","message"[,"error"]}</c>,
/// the shape of every line conlink writes to stderr in that format.
/// </summary>
public static class JsonLogLine
{
    public static string Format(DateTimeOffset time, string level, string source, string? message, string? error = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", time.ToUniversalTime().ToString("O"));
            json.WriteString("level", level);
            json.WriteString("source", source);
            json.WriteString("message", message);
            if (error is not null) json.WriteString("error", error);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
