using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Loading;

/// <summary>What a user sees of many errors, huge values and control characters.</summary>
public class ErrorReportTests
{
    [Fact]
    public void The_first_100_errors_are_printed_then_the_rest_counted()
    {
        var yaml = "links:\n" + string.Concat(Enumerable.Range(0, 250).Select(i => $"  - {{service: s{i}, bridge: s1, mtu: 1}}\n"));

        var exception = Assert.Throws<ConfigException>(() => TestConfig.Network(yaml));

        Assert.Equal(250, exception.Errors.Count);
        var lines = exception.ReportLines();
        Assert.Equal(101, lines.Count);
        Assert.Equal("and 150 more errors", lines[^1]);
        Assert.Equal($"{TestConfig.NetworkFile}:2:36: links[0].mtu: MTU 1 is out of range (68..65535)", lines[0]);
        Assert.DoesNotContain("links[100]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_value_is_shown_shortened_with_its_length()
    {
        var huge = new string('7', 1_000_000);

        var error = Assert.Single(TestConfig.NetworkErrors($"links:\n  - {{service: a, bridge: s1, ip: '{huge}'}}\n"));

        Assert.True(error.Length < 300, $"the error is {error.Length} characters long");
        Assert.Equal($"{TestConfig.NetworkFile}:2:34: links[0].ip: '{new string('7', 60)}…(1000000 characters)' is not an IPv4 CIDR", error);
    }

    [Fact]
    public void Control_characters_in_values_are_escaped_not_sent_to_the_terminal()
    {
        var error = Assert.Single(TestConfig.NetworkErrors("links:\n  - {service: a, bridge: s1, ip: \"1.2.3.4\\t\\e[31m/24\"}\n"));

        Assert.EndsWith(@"links[0].ip: '1.2.3.4\t\x1b[31m/24' is not an IPv4 CIDR", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("links:\n  - service: a\n\t\n    bridge: s1\n", "3:1")]
    [InlineData("links:\n\t- service: a\n", "2:1")]
    [InlineData("links:\n  - {service: a, bridge: s1}\n  \t\n", "3:3")]
    public void A_tab_in_indentation_is_reported_on_its_own_line(string yaml, string position)
    {
        Assert.Equal([$"{TestConfig.NetworkFile}:{position}: a tab in indentation: YAML indents with spaces only"], TestConfig.NetworkErrors(yaml));
    }

    [Theory]
    [InlineData("99999999999999999999", "MTU 99999999999999999999 is out of range (68..65535)")]
    [InlineData("0xFFFFFFFFFFFFFFFF", "MTU 0xFFFFFFFFFFFFFFFF is out of range (68..65535)")]
    [InlineData("-99999999999999999999", "MTU -99999999999999999999 is out of range (68..65535)")]
    [InlineData("0o7777777777777777777777777", "MTU 0o7777777777777777777777777 is out of range (68..65535)")]
    public void Integers_beyond_64_bits_are_out_of_range_not_negative_or_not_integers(string mtu, string message)
    {
        ErrorAssert.Network($"links:\n  - {{service: a, bridge: s1, mtu: {mtu}}}\n", (mtu, "links[0].mtu", message));
    }
}
