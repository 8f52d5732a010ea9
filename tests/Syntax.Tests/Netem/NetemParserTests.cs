using Conlink.Syntax.Netem;
using Conlink.Syntax.Units;

namespace Conlink.Syntax.Tests.Netem;

public sealed class NetemParserTests
{
    private static Percentage Percent(double value) => Percentage.FromPercent(value);

    [Fact]
    public void Delay_with_jitter_correlation_and_distribution()
    {
        var netem = NetemParser.Parse("delay 100ms 10ms 25% distribution normal");

        Assert.Equal(new NetemSpec
        {
            Delay = TimeSpan.FromMilliseconds(100),
            Jitter = TimeSpan.FromMilliseconds(10),
            DelayCorrelation = Percent(25),
            Distribution = NetemDistribution.Normal,
        }, netem);
    }

    [Fact]
    public void Loss_duplicate_corrupt_and_reorder_with_their_correlations()
    {
        var netem = NetemParser.Parse("delay 10ms loss random 1% 25% duplicate 2 corrupt 0.1% 5% reorder 25% 50% gap 5");

        Assert.Equal((Percent(1), Percent(25)), (netem.Loss, netem.LossCorrelation));
        Assert.Equal((Percent(2), (Percentage?)null), (netem.Duplicate, netem.DuplicateCorrelation));
        Assert.Equal((Percent(0.1), Percent(5)), (netem.Corrupt, netem.CorruptCorrelation));
        Assert.Equal((Percent(25), Percent(50), 5u), (netem.Reorder, netem.ReorderCorrelation, netem.Gap));
    }

    [Fact]
    public void Rate_with_overheads_limit_and_slot()
    {
        var netem = NetemParser.Parse("rate 10mbit 20 100 -5 limit 5000 slot 10ms 20ms packets 5 bytes 1500");

        Assert.Equal((DataRate.Parse("10mbit"), 20, 100u, -5), (netem.Rate!.Value, netem.PacketOverhead!.Value, netem.CellSize!.Value, netem.CellOverhead!.Value));
        Assert.Equal(5000u, netem.Limit);
        Assert.Equal((TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), 5, 1500),
            (netem.SlotMinDelay!.Value, netem.SlotMaxDelay!.Value, netem.SlotPackets!.Value, netem.SlotBytes!.Value));
    }

    [Fact]
    public void Conlink_test7_options_parse_as_tc_reads_them()
    {
        var netem = NetemParser.Parse("rate 10mbit delay 40ms");

        Assert.Equal(new NetemSpec { Rate = DataRate.FromBitsPerSecond(10_000_000), Delay = TimeSpan.FromMilliseconds(40) }, netem);
    }

    [Fact]
    public void A_repeated_option_overrides_the_earlier_one_so_joined_strings_let_the_later_win()
    {
        var netem = NetemParser.Parse(string.Join(' ', "delay 200ms 20ms", "rate 10mbit delay 40ms"));

        Assert.Equal((TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(20)), (netem.Delay!.Value, netem.Jitter!.Value));
    }

    [Theory]
    [InlineData("latency 5ms", 5000)]
    [InlineData("delay 1s", 1_000_000)]
    [InlineData("delay 1.5ms", 1500)]
    [InlineData("delay 250", 250)]
    [InlineData("delay 3usecs", 3)]
    public void Delay_units_are_tc_units_and_a_bare_number_is_microseconds(string text, long microseconds) =>
        Assert.Equal(TimeSpan.FromMicroseconds(microseconds), NetemParser.Parse(text).Delay);

    [Fact]
    public void Slot_times_without_a_unit_are_nanoseconds_as_in_tc() =>
        Assert.Equal(TimeSpan.FromTicks(15), NetemParser.Parse("slot 1500").SlotMinDelay);

    [Fact]
    public void Drop_is_loss() => Assert.Equal(Percent(3), NetemParser.Parse("drop 3%").Loss);

    [Theory]
    [InlineData("delay 10ms jitter", "unknown netem option", "jitter")]
    [InlineData("delay", "'delay' needs a time", "delay")]
    [InlineData("delay 10parsecs", "not a time (such as 10ms)", "10parsecs")]
    [InlineData("delay 10ms 2ms 101%", "not a percentage (0 to 100)", "101%")]
    [InlineData("loss -1%", "unknown loss model (random, or a percentage)", "-1%")]
    [InlineData("loss 1% loss 2%", "loss is given twice", "loss")]
    [InlineData("loss state 1%", "loss models other than random are not supported", "state")]
    [InlineData("reorder 25%", "reordering needs a delay", "reorder")]
    [InlineData("delay 10ms gap 5", "a gap needs a reorder probability", "gap")]
    [InlineData("ecn", "ecn needs a loss probability", "ecn")]
    [InlineData("delay 10ms distribution normal", "a distribution needs a delay and a jitter", "distribution")]
    [InlineData("delay 10ms 1ms distribution gaussian", "unknown distribution (uniform, normal, pareto or paretonormal)", "gaussian")]
    [InlineData("rate 10%", "a rate as a share of the link speed is not supported", "10%")]
    [InlineData("rate fast", "not a rate (such as 10mbit)", "fast")]
    [InlineData("rate 10mbps5", "not a rate (such as 10mbit)", "10mbps5")]
    [InlineData("limit 1k", "not a limit (a whole number)", "1k")]
    [InlineData("slot 20ms 10ms", "the slot's maximum delay is below its minimum", "10ms")]
    [InlineData("slot distribution normal 1ms 1ms", "slot distributions are not supported", "distribution")]
    public void Errors_name_the_token_at_fault(string text, string problem, string token)
    {
        var error = Assert.Throws<SyntaxException>(() => NetemParser.Parse(text));

        Assert.Equal(token, error.Token);
        Assert.Equal($"{problem}: '{token}' in '{text}'", error.Message);
    }

    [Fact]
    public void Written_form_is_tc_syntax_in_a_fixed_order() =>
        Assert.Equal("limit 5000 delay 100ms 10ms 25% distribution pareto loss 1% ecn duplicate 2% reorder 5% gap 3 rate 10mbit slot 2ms",
            NetemParser.Parse("slot 2ms rate 10mbit reorder 5% gap 3 duplicate 2 ecn loss random 1% distribution pareto delay 100ms 10ms 25% limit 5000").ToString());
}
