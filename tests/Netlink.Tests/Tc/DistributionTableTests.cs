using Conlink.Netlink.Tc;

namespace Conlink.Netlink.Tests.Tc;

public sealed class DistributionTableTests
{
    [Fact]
    public void Tables_are_read_as_tc_reads_them()
    {
        var table = DistributionTables.Parse(["# Normal distribution", "", "-4096 -3000 12", "7 not-a-number 9", "32768"]);

        Assert.Equal(new short[] { -4096, -3000, 12, 7, -32768 }, table);
    }

    [Fact]
    public void A_missing_table_is_a_clear_error()
    {
        var empty = Directory.CreateTempSubdirectory("no-tc-tables").FullName;
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => DistributionTables.Load(NetemDistribution.Pareto, [empty]));

            Assert.Equal($"netem distribution 'pareto' needs the table pareto.dist, which iproute2 installs; none found in {empty} (install iproute2, or set TC_LIB_DIR)", error.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void Uniform_needs_no_table() => Assert.Empty(DistributionTables.Get(NetemDistribution.Uniform));
}
