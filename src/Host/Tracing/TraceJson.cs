using System.Text.Json;
using Conlink.Actors.Tracing;

namespace Conlink.Host.Tracing;

/// <summary>
/// The JSON form of one trace record, as the trace file and <c>conlink events</c> write it:
/// <c>{"time","kind":"message","actor","message",...}</c>, <c>{"kind":"netlink","netns","op",...}</c>
/// or <c>{"kind":"event","source","event","container","link","detail"}</c>.
/// </summary>
public static class TraceJson
{
    public static void Write(Utf8JsonWriter json, TraceRecord r)
    {
        json.WriteStartObject();
        json.WriteString("time", r.Time.UtcDateTime.ToString("O"));
        var (kind, source, what) = Names(r.Kind);
        json.WriteString("kind", kind);
        json.WriteString(source, r.Source);
        json.WriteString(what, r.What);
        if (r.Container is not null) json.WriteString("container", r.Container);
        if (r.Link is not null) json.WriteString("link", r.Link);
        if (r.Kind == TraceKind.Event)
        {
            json.WriteString("detail", r.Result);
        }
        else
        {
            json.WriteNumber("us", r.DurationUs);
            json.WriteString("result", r.Result);
        }
        json.WriteEndObject();
    }

    /// <summary>One record as a line of UTF-8 JSON, without the newline.</summary>
    public static byte[] ToUtf8(TraceRecord r)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) Write(json, r);
        return buffer.ToArray();
    }

    /// <summary>The record of one line, or null when the line is not one.</summary>
    public static TraceRecord? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var r = document.RootElement;
            TraceKind? kind = r.GetProperty("kind").GetString() switch
            {
                "message" => TraceKind.Message,
                "netlink" => TraceKind.Netlink,
                "event" => TraceKind.Event,
                _ => null,
            };
            if (kind is not { } k) return null;
            var (_, source, what) = Names(k);
            return new TraceRecord(
                r.GetProperty("time").GetDateTimeOffset(),
                k,
                r.GetProperty(source).GetString()!,
                r.GetProperty(what).GetString()!,
                Optional(r, "container"),
                Optional(r, "link"),
                k == TraceKind.Event ? 0 : r.GetProperty("us").GetInt64(),
                r.GetProperty(k == TraceKind.Event ? "detail" : "result").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static (string Kind, string Source, string What) Names(TraceKind kind) => kind switch
    {
        TraceKind.Message => ("message", "actor", "message"),
        TraceKind.Netlink => ("netlink", "netns", "op"),
        _ => ("event", "source", "event"),
    };

    private static string? Optional(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? value.GetString() : null;
}
