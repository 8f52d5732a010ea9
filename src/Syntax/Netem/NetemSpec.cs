using System.Globalization;
using System.Text;
using Conlink.Syntax.Units;

namespace Conlink.Syntax.Netem;

/// <summary>
/// The netem qdisc: delay (with jitter, correlation and distribution), loss, duplication,
/// corruption, reordering, rate and slotting. <see cref="NetemParser"/> reads tc's syntax;
/// <see cref="ToString"/> writes it back. Null members are not set. The netlink library encodes it
/// as a qdisc (NetemQdisc).
/// </summary>
public sealed record NetemSpec
{
    /// <summary>tc's default queue limit, in packets.</summary>
    public const uint DefaultLimit = 1000;

    public uint Limit { get; init; } = DefaultLimit;

    /// <summary>Added latency, in whole microseconds.</summary>
    public TimeSpan? Delay { get; init; }
    public TimeSpan? Jitter { get; init; }
    public Percentage? DelayCorrelation { get; init; }
    public NetemDistribution? Distribution { get; init; }

    public Percentage? Loss { get; init; }
    public Percentage? LossCorrelation { get; init; }
    /// <summary>Mark packets with ECN instead of dropping them (needs <see cref="Loss"/>).</summary>
    public bool Ecn { get; init; }

    public Percentage? Duplicate { get; init; }
    public Percentage? DuplicateCorrelation { get; init; }

    public Percentage? Corrupt { get; init; }
    public Percentage? CorruptCorrelation { get; init; }

    public Percentage? Reorder { get; init; }
    public Percentage? ReorderCorrelation { get; init; }
    /// <summary>Reorder every Nth packet; 1 (every packet, at the reorder probability) when reordering without a gap.</summary>
    public uint? Gap { get; init; }

    public DataRate? Rate { get; init; }
    public int? PacketOverhead { get; init; }
    public uint? CellSize { get; init; }
    public int? CellOverhead { get; init; }

    /// <summary>Release packets in slots: at least this long apart (to 100 ns).</summary>
    public TimeSpan? SlotMinDelay { get; init; }
    /// <summary>At most this long apart; null means the same as the minimum.</summary>
    public TimeSpan? SlotMaxDelay { get; init; }
    public int? SlotPackets { get; init; }
    public int? SlotBytes { get; init; }

    public static NetemSpec Parse(string text) => NetemParser.Parse(text);

    /// <summary>The options in tc syntax, which <see cref="NetemParser"/> reads back to an equal spec.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Limit != DefaultLimit) Append(text, "limit", Limit.ToString(CultureInfo.InvariantCulture));
        if (Delay is { } delay)
        {
            Append(text, "delay", TcTime.FormatMicroseconds(delay));
            if (Jitter is not null || DelayCorrelation is not null) text.Append(' ').Append(TcTime.FormatMicroseconds(Jitter ?? TimeSpan.Zero));
            if (DelayCorrelation is { } correlation) text.Append(' ').Append(correlation);
        }
        if (Distribution is { } distribution) Append(text, "distribution", distribution.ToString().ToLowerInvariant());
        AppendChance(text, "loss", Loss, LossCorrelation);
        if (Ecn) Append(text, "ecn", null);
        AppendChance(text, "duplicate", Duplicate, DuplicateCorrelation);
        AppendChance(text, "corrupt", Corrupt, CorruptCorrelation);
        AppendChance(text, "reorder", Reorder, ReorderCorrelation);
        if (Gap is { } gap) Append(text, "gap", gap.ToString(CultureInfo.InvariantCulture));
        if (Rate is { } rate)
        {
            Append(text, "rate", rate.ToString());
            var positional = new long?[] { PacketOverhead, CellSize, CellOverhead };
            var last = Array.FindLastIndex(positional, p => p is not null);
            for (var i = 0; i <= last; i++) text.Append(' ').Append((positional[i] ?? 0).ToString(CultureInfo.InvariantCulture));
        }
        if (SlotMinDelay is { } slotMin)
        {
            Append(text, "slot", TcTime.FormatNanoseconds(slotMin));
            if (SlotMaxDelay is { } slotMax) text.Append(' ').Append(TcTime.FormatNanoseconds(slotMax));
            if (SlotPackets is { } packets) text.Append(" packets ").Append(packets);
            if (SlotBytes is { } bytes) text.Append(" bytes ").Append(bytes);
        }
        return text.ToString();
    }

    private static void AppendChance(StringBuilder text, string keyword, Percentage? chance, Percentage? correlation)
    {
        if (chance is null && correlation is null) return;
        Append(text, keyword, (chance ?? Percentage.Zero).ToString());
        if (correlation is { } c) text.Append(' ').Append(c);
    }

    private static void Append(StringBuilder text, string keyword, string? value)
    {
        if (text.Length > 0) text.Append(' ');
        text.Append(keyword);
        if (value is not null) text.Append(' ').Append(value);
    }
}
