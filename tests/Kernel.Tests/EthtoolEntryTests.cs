using Conlink.Kernel.Tools;

namespace Conlink.Kernel.Tests;

public sealed class EthtoolEntryTests
{
    [Theory]
    [InlineData("--offload tx off", false)]
    [InlineData("-K  tx   on", true)]
    [InlineData("--features tx off", false)]
    public void An_entry_that_only_switches_tx_checksumming_is_done_in_process(string entry, bool enabled) =>
        Assert.Equal(enabled, Ethtool.TxChecksumming(entry));

    [Theory]
    [InlineData("--offload rx off")]
    [InlineData("--offload tx off rx off")]
    [InlineData("--offload tx off; reboot")]
    [InlineData("-s speed 100")]
    [InlineData("")]
    public void Any_other_entry_runs_ethtool(string entry) => Assert.Null(Ethtool.TxChecksumming(entry));

    [Fact]
    public void An_entry_runs_as_ethtool_ARG_DEV_OPTS_with_each_word_one_argument() =>
        Assert.Equal(["--offload", "eth0", "rx", "off;", "reboot"], Ethtool.Arguments("--offload  rx off; reboot", "eth0"));
}
