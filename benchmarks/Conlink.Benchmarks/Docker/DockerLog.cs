using System.Globalization;

namespace Conlink.Benchmarks.Docker;

/// <summary>
/// A container's log as <c>docker logs --timestamps</c> prints it: each line prefixed with the
/// RFC 3339 time (nanoseconds, UTC) at which Docker received it.
/// </summary>
internal sealed class DockerLog(IReadOnlyList<(DateTimeOffset At, string Text)> lines)
{
    public static DockerLog Parse(string text) => new(text
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split(' ', 2))
        .Where(parts => parts.Length == 2)
        .Select(parts => (ParseTime(parts[0]), parts[1]))
        .ToList());

    public int Count => lines.Count;

    /// <summary>When the first line containing <paramref name="text"/> arrived; null if none does.</summary>
    public DateTimeOffset? FirstWith(string text) =>
        lines.Where(l => l.Text.Contains(text, StringComparison.Ordinal)).Select(l => (DateTimeOffset?)l.At).FirstOrDefault();

    public DateTimeOffset? First => lines.Count > 0 ? lines[0].At : null;

    /// <summary>Docker's times carry nine fractional digits; .NET parses at most seven.</summary>
    public static DateTimeOffset ParseTime(string rfc3339)
    {
        var dot = rfc3339.IndexOf('.');
        var end = rfc3339.IndexOfAny(['Z', '+', '-'], dot < 0 ? 0 : dot);
        var trimmed = dot < 0 || end < 0 ? rfc3339 : rfc3339[..Math.Min(end, dot + 8)] + rfc3339[end..];
        return DateTimeOffset.Parse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
