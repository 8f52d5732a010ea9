using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Conlink.Host.Metrics;

namespace Conlink.Host.Tests;

/// <summary>One scrape of conlink's metrics as Prometheus reads it, and the value of one series in it.</summary>
internal static class Exposition
{
    public static async Task<string> ScrapeAsync(ConlinkMetrics metrics)
    {
        using var text = new MemoryStream();
        await metrics.WriteAsync(text, CancellationToken.None);
        return Encoding.UTF8.GetString(text.ToArray());
    }

    public static double Value(string text, string series)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no {series} in:\n{text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
