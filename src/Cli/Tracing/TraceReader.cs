using System.Text.Json;
using Conlink.Actors.Tracing;

namespace Conlink.Cli.Tracing;

/// <summary>
/// Reads the JSON lines that <c>--trace</c> writes back into <see cref="TraceRecord"/>s. Lines
/// that are not records (a line cut off while conlink was writing it, or anything else) are counted, not fatal.
/// </summary>
internal static class TraceReader
{
    public sealed record Result(IReadOnlyList<TraceRecord> Records, int SkippedLines);

    public static Result Read(TextReader reader)
    {
        var records = new List<TraceRecord>();
        var skipped = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            if (Parse(line) is { } record) records.Add(record);
            else skipped++;
        }
        return new Result(records, skipped);
    }

    public static TraceRecord? Parse(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var r = json.RootElement;
            var kind = r.GetProperty("kind").GetString() switch
            {
                "message" => TraceKind.Message,
                "netlink" => TraceKind.Netlink,
                _ => (TraceKind?)null,
            };
            if (kind is not { } k) return null;
            var (source, what) = k == TraceKind.Message ? ("actor", "message") : ("netns", "op");
            return new TraceRecord(
                r.GetProperty("time").GetDateTimeOffset(),
                k,
                r.GetProperty(source).GetString()!,
                r.GetProperty(what).GetString()!,
                Optional(r, "container"),
                Optional(r, "link"),
                r.GetProperty("us").GetInt64(),
                r.GetProperty("result").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string? Optional(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? value.GetString() : null;
}
