using Conlink.Cli.Running;
using Conlink.Cli.Tests.Support;

namespace Conlink.Cli.Tests;

/// <summary><c>--trace-max-size</c>: bytes or K/M/G, listed in --help, and a bad size is a usage error.</summary>
public class TraceMaxSizeTests
{
    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("512K", 512L * 1024)]
    [InlineData("100M", 100L * 1024 * 1024)]
    [InlineData("2g", 2L * 1024 * 1024 * 1024)]
    public void A_size_is_bytes_or_powers_of_1024(string text, long bytes)
    {
        Assert.Equal(bytes, RunModeOptions.ParseSize(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("-1M")]
    [InlineData("1T")]
    [InlineData("100")]
    [InlineData("99999999999G")]
    public void What_is_not_a_size_of_at_least_4K_is_refused(string text)
    {
        Assert.Null(RunModeOptions.ParseSize(text));
    }

    [Fact]
    public void Help_lists_the_option()
    {
        var run = CliRun.Of(["--help"]);

        Assert.Contains("--trace-max-size", run.Out, StringComparison.Ordinal);
    }
}
