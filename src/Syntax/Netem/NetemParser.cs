using System.Globalization;
using Conlink.Syntax.Units;

namespace Conlink.Syntax.Netem;

/// <summary>
/// Reads netem options in tc's syntax (what follows <c>tc qdisc add dev X root netem</c>):
/// <code>
/// delay TIME [JITTER [CORRELATION]] [distribution {uniform|normal|pareto|paretonormal}]
/// loss [random] PERCENT [CORRELATION]   [ecn]
/// duplicate PERCENT [CORRELATION]       corrupt PERCENT [CORRELATION]
/// reorder PERCENT [CORRELATION] [gap DISTANCE]
/// rate RATE [PACKETOVERHEAD [CELLSIZE [CELLOVERHEAD]]]
/// limit PACKETS                         slot MIN_DELAY [MAX_DELAY] [packets N] [bytes N]
/// </code>
/// As in tc, optional numbers are recognised by their first character, a repeated option
/// overrides the earlier one (so joined option strings let later ones win), and <c>latency</c>
/// and <c>drop</c> are accepted for delay and loss. Pure: every error names the token at fault.
/// </summary>
public static class NetemParser
{
    public static NetemSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Tokens(text);
        var netem = new NetemSpec();
        while (reader.TryNext(out var keyword))
        {
            netem = keyword switch
            {
                "limit" => netem with { Limit = reader.Count(keyword, "limit") },
                "delay" or "latency" => Delay(netem, reader, keyword),
                "distribution" => netem with { Distribution = Distribution(reader, keyword) },
                "loss" or "drop" => Loss(netem, reader, keyword),
                "ecn" => netem with { Ecn = true },
                "duplicate" => netem with
                {
                    Duplicate = reader.Percent(keyword),
                    DuplicateCorrelation = reader.OptionalPercent() ?? netem.DuplicateCorrelation,
                },
                "corrupt" => netem with
                {
                    Corrupt = reader.Percent(keyword),
                    CorruptCorrelation = reader.OptionalPercent() ?? netem.CorruptCorrelation,
                },
                "reorder" => netem with
                {
                    Reorder = reader.Percent(keyword),
                    ReorderCorrelation = reader.OptionalPercent() ?? netem.ReorderCorrelation,
                },
                "gap" => netem with { Gap = reader.Count(keyword, "gap") },
                "rate" => Rate(netem, reader, keyword),
                "slot" => Slot(netem, reader, keyword),
                _ => throw reader.Error("unknown netem option", keyword),
            };
        }
        Check(netem, reader);
        return netem;
    }

    private static NetemSpec Delay(NetemSpec netem, Tokens reader, string keyword)
    {
        netem = netem with { Delay = reader.Time(keyword) };
        if (!reader.NextStartsLikeNumber()) return netem;
        netem = netem with { Jitter = reader.Time(keyword) };
        return reader.NextStartsLikeNumber() ? netem with { DelayCorrelation = reader.Percent(keyword) } : netem;
    }

    private static NetemDistribution Distribution(Tokens reader, string keyword)
    {
        var name = reader.Value(keyword, "a distribution");
        return name switch
        {
            "uniform" => NetemDistribution.Uniform,
            "normal" => NetemDistribution.Normal,
            "pareto" => NetemDistribution.Pareto,
            "paretonormal" => NetemDistribution.ParetoNormal,
            _ => throw reader.Error("unknown distribution (uniform, normal, pareto or paretonormal)", name),
        };
    }

    private static NetemSpec Loss(NetemSpec netem, Tokens reader, string keyword)
    {
        // tc refuses a second loss once one is set, unlike the other options.
        if (netem.Loss is { Scaled: > 0 }) throw reader.Error("loss is given twice", keyword);
        var model = reader.Value(keyword, "a percentage");
        if (model is "state" or "gemodel") throw reader.Error("loss models other than random are not supported", model);
        if (model == "random") model = reader.Value(model, "a percentage");
        else if (!TcNumber.StartsLikeNumber(model)) throw reader.Error("unknown loss model (random, or a percentage)", model);
        netem = netem with { Loss = reader.ParsePercent(model) };
        return reader.NextStartsLikeNumber() ? netem with { LossCorrelation = reader.Percent(keyword) } : netem;
    }

    private static NetemSpec Rate(NetemSpec netem, Tokens reader, string keyword)
    {
        var token = reader.Value(keyword, "a rate");
        if (token.Contains('%')) throw reader.Error("a rate as a share of the link speed is not supported", token);
        netem = netem with { Rate = DataRate.TryParse(token, out var rate) ? rate : throw reader.Error("not a rate (such as 10mbit)", token) };
        if (reader.NextStartsLikeSignedNumber()) netem = netem with { PacketOverhead = reader.Integer(keyword) };
        if (reader.NextStartsLikeNumber()) netem = netem with { CellSize = reader.Count(keyword, "cell size") };
        if (reader.NextStartsLikeSignedNumber()) netem = netem with { CellOverhead = reader.Integer(keyword) };
        return netem;
    }

    private static NetemSpec Slot(NetemSpec netem, Tokens reader, string keyword)
    {
        if (!reader.NextStartsLikeNumber())
        {
            var next = reader.Value(keyword, "a time");
            throw reader.Error(next == "distribution" ? "slot distributions are not supported" : "not a time (such as 10ms)", next);
        }
        var min = reader.SlotTime(keyword);
        TimeSpan? max = null;
        if (reader.NextStartsLikeNumber())
        {
            var maxToken = reader.Peek()!;
            max = reader.SlotTime(keyword);
            if (max < min) throw reader.Error("the slot's maximum delay is below its minimum", maxToken);
        }
        netem = netem with { SlotMinDelay = min, SlotMaxDelay = max };
        if (reader.NextIs("packets")) netem = netem with { SlotPackets = reader.Integer(reader.Take()) };
        if (reader.NextIs("bytes")) netem = netem with { SlotBytes = reader.Integer(reader.Take()) };
        return netem;
    }

    private static void Check(NetemSpec netem, Tokens reader)
    {
        if (netem.Reorder is { Scaled: > 0 } && netem.Delay is not { Ticks: > 0 })
            throw reader.Error("reordering needs a delay", "reorder");
        if (netem.Gap is > 0 && netem.Reorder is not { Scaled: > 0 })
            throw reader.Error("a gap needs a reorder probability", "gap");
        if (netem.Ecn && netem.Loss is not { Scaled: > 0 })
            throw reader.Error("ecn needs a loss probability", "ecn");
        if (netem.Distribution is { } distribution && distribution != NetemDistribution.Uniform
            && (netem.Delay is not { Ticks: > 0 } || netem.Jitter is not { Ticks: > 0 }))
            throw reader.Error("a distribution needs a delay and a jitter", "distribution");
    }

    /// <summary>The token stream, with tc's way of spotting optional numeric arguments.</summary>
    private sealed class Tokens(string text)
    {
        private readonly string[] _tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        private int _position;

        public bool TryNext(out string token)
        {
            token = _position < _tokens.Length ? _tokens[_position++] : "";
            return token.Length > 0;
        }

        public string? Peek() => _position < _tokens.Length ? _tokens[_position] : null;

        public string Take() => _tokens[_position++];

        public bool NextIs(string keyword) => Peek() == keyword;

        public bool NextStartsLikeNumber() => Peek() is { } next && TcNumber.StartsLikeNumber(next);

        public bool NextStartsLikeSignedNumber() => Peek() is { } next && TcNumber.StartsLikeSignedNumber(next);

        public string Value(string keyword, string what) =>
            TryNext(out var value) ? value : throw Error($"'{keyword}' needs {what}", keyword);

        public TimeSpan Time(string keyword)
        {
            var token = Value(keyword, "a time");
            return TcTime.TryParseMicroseconds(token, out var time) ? time : throw Error("not a time (such as 10ms)", token);
        }

        public TimeSpan SlotTime(string keyword)
        {
            var token = Value(keyword, "a time");
            return TcTime.TryParseNanoseconds(token, out var time) ? time : throw Error("not a time (such as 10ms)", token);
        }

        public Percentage Percent(string keyword) => ParsePercent(Value(keyword, "a percentage"));

        public Percentage? OptionalPercent() => NextStartsLikeNumber() ? ParsePercent(Take()) : null;

        public Percentage ParsePercent(string token) =>
            Percentage.TryParse(token, out var percent) ? percent.Value : throw Error("not a percentage (0 to 100)", token);

        public uint Count(string keyword, string what)
        {
            var token = Value(keyword, $"a {what}");
            return uint.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                ? count
                : throw Error($"not a {what} (a whole number)", token);
        }

        public int Integer(string keyword)
        {
            var token = Value(keyword, "a number");
            return int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Error("not a whole number", token);
        }

        public SyntaxException Error(string problem, string token) => new(problem, token, text);
    }
}
