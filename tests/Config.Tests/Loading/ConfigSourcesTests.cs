namespace Conlink.Config.Tests.Loading;

public class ConfigSourcesTests
{
    [Fact]
    public void Option_values_split_on_colons_and_keep_their_order()
    {
        var sources = ConfigSources.FromOptionValues(["a.yaml:b.yaml", "c.yaml"], ["n1.yaml::n2.yaml:"]);

        Assert.Equal(["a.yaml", "b.yaml", "c.yaml"], sources.ComposeFiles);
        Assert.Equal(["n1.yaml", "n2.yaml"], sources.NetworkFiles);
    }

    [Fact]
    public void No_values_means_no_sources()
    {
        Assert.True(ConfigSources.FromOptionValues([], [":"]).IsEmpty);
    }
}
