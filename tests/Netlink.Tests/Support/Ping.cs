using System.Globalization;
using System.Text.RegularExpressions;

namespace Conlink.Netlink.Tests.Support;

/// <summary>What <c>ping</c> from inside a scratch namespace saw: how many answers and the round trips.</summary>
public sealed partial record Ping(int Sent, int Received, double MinMs, double AverageMs)
{
    public double LossFraction => (double)(Sent - Received) / Sent;

    /// <summary>Sends <paramref name="count"/> echo requests, <paramref name="interval"/> seconds apart, each waited for at most a second.</summary>
    public static Ping From(ScratchNamespace ns, string address, int count, double interval = 0.05)
    {
        var (_, output, error) = Tool.TryRun("ip", "netns", "exec", ns.Name, "ping", "-q", "-n", "-c", $"{count}",
            "-i", interval.ToString(CultureInfo.InvariantCulture), "-W", "1", address);
        var counts = Counts().Match(output);
        if (!counts.Success) throw new InvalidOperationException($"ping {address} from {ns.Name} printed no summary: {output}{error}");
        var rtt = Rtt().Match(output);
        return new Ping(int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture),
            rtt.Success ? double.Parse(rtt.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN,
            rtt.Success ? double.Parse(rtt.Groups[2].Value, CultureInfo.InvariantCulture) : double.NaN);
    }

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) received")]
    private static partial Regex Counts();

    [GeneratedRegex(@"= ([\d.]+)/([\d.]+)/[\d.]+/[\d.]+ ms")]
    private static partial Regex Rtt();
}
