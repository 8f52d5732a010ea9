using Conlink.Syntax.Netem;
using Conlink.Syntax.Units;

namespace Conlink.Syntax.Tests.Units;

public sealed class UnitTests
{
    [Theory]
    [InlineData("10mbit", 1_250_000UL)]
    [InlineData("10Mbit", 1_250_000UL)]
    [InlineData("1Kibit", 128UL)]
    [InlineData("1kbit", 125UL)]
    [InlineData("1KBps", 1000UL)]
    [InlineData("2MiBps", 2UL * 1024 * 1024)]
    [InlineData("1gbit", 125_000_000UL)]
    [InlineData("800", 100UL)]
    [InlineData("1.5mbit", 187_500UL)]
    [InlineData("50gbit", 6_250_000_000UL)]
    public void Rates_read_like_tc_reads_them_into_bytes_per_second(string text, ulong bytesPerSecond) =>
        Assert.Equal(bytesPerSecond, DataRate.Parse(text).BytesPerSecond);

    [Theory]
    [InlineData("10 mbit")]
    [InlineData("mbit")]
    [InlineData("10furlongs")]
    [InlineData("-5mbit")]
    public void Rates_reject_garbage(string text) => Assert.False(DataRate.TryParse(text, out _));

    [Theory]
    [InlineData(1_250_000UL, "10mbit")]
    [InlineData(125UL, "1kbit")]
    [InlineData(137UL, "1096bit")]
    [InlineData(6_250_000_000UL, "50gbit")]
    public void Rates_are_written_in_the_largest_exact_unit(ulong bytesPerSecond, string text) =>
        Assert.Equal(text, new DataRate(bytesPerSecond).ToString());

    [Theory]
    [InlineData("25%", 1073741824u)]
    [InlineData("25", 1073741824u)]
    [InlineData("100%", uint.MaxValue)]
    [InlineData("0.1%", 4294967u)]
    public void Percentages_scale_to_the_kernels_fraction_of_two_to_the_32(string text, uint scaled)
    {
        Assert.True(Percentage.TryParse(text, out var percent));
        Assert.Equal(scaled, percent.Value.Scaled);
    }

    [Theory]
    [InlineData("101%")]
    [InlineData("-1")]
    [InlineData("half")]
    [InlineData("5%%")]
    public void Percentages_reject_garbage(string text) => Assert.False(Percentage.TryParse(text, out _));

    [Fact]
    public void Percentages_are_written_as_the_shortest_form_that_reads_back()
    {
        Assert.Equal("25%", Percentage.FromPercent(25).ToString());
        Assert.Equal("0.1%", Percentage.FromPercent(0.1).ToString());
        Assert.Equal("100%", new Percentage(uint.MaxValue).ToString());
    }
}
