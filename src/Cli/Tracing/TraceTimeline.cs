using System.Globalization;
using System.Text;
using Conlink.Actors.Tracing;
using Conlink.Cli.Shell;

namespace Conlink.Cli.Tracing;

/// <summary>
/// Trace records as a timeline, one line each in the order they started: milliseconds since the
/// first one started, how long it took, where it ran (actor, or network namespace for kernel
/// operations), what it was, the link (or container) it concerns, and how it ended. Errors stand
/// out in red on a terminal; a summary line ends the timeline.
/// </summary>
internal static class TraceTimeline
{
    private const string ActorRoot = "/user/conlink";
    private static readonly string[] Headers = ["START ms", "TOOK ms", "WHERE", "WHAT", "LINK", "RESULT"];

    public static string Render(IReadOnlyList<TraceRecord> records, Terminal terminal)
    {
        if (records.Count == 0) return "no trace records match\n";
        var ordered = records.OrderBy(Start).ToList();
        var first = Start(ordered[0]);
        var rows = ordered.Select(r => new[]
        {
            Milliseconds((Start(r) - first).Ticks / 10),
            Milliseconds(r.DurationUs),
            Where(r),
            r.What,
            r.Link ?? r.Container ?? "-",
            r.Result,
        }).ToList();
        var widths = Enumerable.Range(0, Headers.Length).Select(c => rows.Select(r => r[c].Length).Append(Headers[c].Length).Max()).ToArray();

        var text = new StringBuilder();
        text.AppendLine(terminal.Dim(Line(Headers, widths)));
        for (var i = 0; i < rows.Count; i++)
        {
            var line = Line(rows[i], widths);
            text.AppendLine(IsError(ordered[i]) ? terminal.Red(line) : line);
        }
        var errors = ordered.Count(IsError);
        var span = (ordered.Max(r => r.Time) - first).Ticks / 10;
        text.AppendLine($"{ordered.Count} record{(ordered.Count == 1 ? "" : "s")} over {Milliseconds(span)} ms from "
            + $"{first.ToUniversalTime():yyyy-MM-dd HH:mm:ss.fff} UTC, {errors} error{(errors == 1 ? "" : "s")}");
        return text.ToString();
    }

    public static bool IsError(TraceRecord record) => record.Kind != TraceKind.Event && record.Result != "ok";

    /// <summary>Records are written when they end; the timeline orders them by when they began.</summary>
    private static DateTimeOffset Start(TraceRecord record) => record.Time.AddTicks(-record.DurationUs * 10);

    private static string Where(TraceRecord record) => record.Kind switch
    {
        TraceKind.Netlink => "netns " + record.Source,
        TraceKind.Event => "event " + record.What,
        _ when record.Source == ActorRoot => "conlink",
        _ when record.Source.StartsWith(ActorRoot + "/", StringComparison.Ordinal) => record.Source[(ActorRoot.Length + 1)..],
        _ => record.Source,
    };

    private static string Milliseconds(long microseconds) => (microseconds / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    // Times right-aligned, text left-aligned, the result column unpadded.
    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, c) => c < 2 ? cell.PadLeft(widths[c]) : c == cells.Length - 1 ? cell : cell.PadRight(widths[c])));
}
