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

    public static TraceRecord? Parse(string line) => Host.Tracing.TraceJson.Parse(line);
}
