using Conlink.Netlink.Tc;

namespace Conlink.Netlink.Tests.Tc;

/// <summary>Netem and tbf times are in the packet scheduler's ticks, whose length the kernel publishes in /proc/net/psched.</summary>
public sealed class PschedClockTests
{
    [Fact]
    public void This_kernels_clock_is_read_from_proc_net_psched()
    {
        var expected = PschedClock.Parse(File.ReadAllText(PschedClock.File));

        Assert.NotNull(expected);
        Assert.Equal(expected, PschedClock.Current);
    }

    [Fact]
    public void A_tick_of_64_ns_makes_delays_64_ns_ticks_and_absurd_ones_are_refused()
    {
        var clock = PschedClock.Parse("000003e8 00000040 000f4240 3b9aca00\n")!;

        Assert.Equal(1000.0 / 64, clock.TicksPerMicrosecond);
        Assert.Equal(1_562_500u, clock.Ticks(TimeSpan.FromMilliseconds(100), "delay"));
        Assert.Equal(15u, clock.Ticks(TimeSpan.FromMicroseconds(1), "delay"));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => clock.Ticks(TimeSpan.FromSeconds(300), "delay"));
        Assert.Contains("a netem delay must be under 275 s", error.Message);
    }

    [Fact]
    public void Another_clock_gives_other_ticks_and_the_encoding_uses_it()
    {
        var nanosecondTicks = PschedClock.Parse("000003e8 00000001 000f4240 3b9aca00")!;
        var writer = new Encoding.MessageWriter();

        NetemEncoding.Write(writer, NetemParser.Parse("delay 100ms"), nanosecondTicks);

        Assert.Equal(100_000_000u, nanosecondTicks.Ticks(TimeSpan.FromMilliseconds(100), "delay"));
        Assert.Equal(100_000_000u, BitConverter.ToUInt32(writer.Written.Slice(4, 4)));
    }

    [Fact]
    public void A_nanosecond_resolution_clock_counts_its_ticks_as_the_old_tools_expect()
    {
        var clock = PschedClock.Parse("000003e8 00000040 3b9aca00 3b9aca00")!;

        Assert.Equal(1000, clock.TicksPerMicrosecond);
    }

    [Theory]
    [InlineData("")]
    [InlineData("000003e8 00000040")]
    [InlineData("000003e8 00000000 000f4240")]
    [InlineData("not a clock at all")]
    public void Text_that_is_no_clock_is_refused(string text) => Assert.Null(PschedClock.Parse(text));
}
