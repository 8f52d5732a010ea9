using Conlink.Host.Traffic;

namespace Conlink.Cli.Status;

/// <summary>A link's rates between two reads of its counters, as the container sees it (rx: received).</summary>
internal sealed record LinkRates(double RxPps, double TxPps, double RxBitsPerSecond, double TxBitsPerSecond)
{
    /// <summary>
    /// The rates of every link read both times, by id. A link whose counters went down between the
    /// reads (it was made again) or that is missing from either read gets none.
    /// </summary>
    public static IReadOnlyDictionary<string, LinkRates> Between(
        (DateTimeOffset Time, IReadOnlyDictionary<string, LinkTotals?> Links) before,
        (DateTimeOffset Time, IReadOnlyDictionary<string, LinkTotals?> Links) after)
    {
        var seconds = (after.Time - before.Time).TotalSeconds;
        var rates = new Dictionary<string, LinkRates>(StringComparer.Ordinal);
        if (seconds <= 0) return rates;
        foreach (var (id, totals) in after.Links)
        {
            if (totals is not { } a || !before.Links.TryGetValue(id, out var earlier) || earlier is not { } b) continue;
            if (a.RxPackets < b.RxPackets || a.TxPackets < b.TxPackets || a.RxBytes < b.RxBytes || a.TxBytes < b.TxBytes) continue;
            rates[id] = new LinkRates(
                (a.RxPackets - b.RxPackets) / seconds, (a.TxPackets - b.TxPackets) / seconds,
                (a.RxBytes - b.RxBytes) * 8 / seconds, (a.TxBytes - b.TxBytes) * 8 / seconds);
        }
        return rates;
    }

    /// <summary>"12 pps 9.6 kbit/s".</summary>
    public static string Format(double pps, double bitsPerSecond) => $"{Number(pps)} pps {Bits(bitsPerSecond)}";

    private static string Number(double v) => v < 10 && v > 0 ? v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) : v.ToString("0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Bits(double v) => v switch
    {
        >= 1e9 => $"{(v / 1e9).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} Gbit/s",
        >= 1e6 => $"{(v / 1e6).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} Mbit/s",
        >= 1e3 => $"{(v / 1e3).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} kbit/s",
        _ => $"{v.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} bit/s",
    };
}
