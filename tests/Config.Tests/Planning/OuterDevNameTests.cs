using Conlink.Config.Model;
using Conlink.Config.Planning;

namespace Conlink.Config.Tests.Planning;

public class OuterDevNameTests
{
    private static LinkSpec ServiceLink(string service, string dev = "eth0", string? outerDev = null) =>
        new() { Service = service, Dev = dev, OuterDev = outerDev };

    [Fact]
    public void Service_links_are_named_service_underscore_index_dash_dev()
    {
        Assert.Equal("node_2-eth0", OuterDevName.For(ServiceLink("node"), 2));
    }

    [Fact]
    public void Container_links_are_named_container_dash_dev()
    {
        Assert.Equal("probe-eth1", OuterDevName.For(new LinkSpec { Container = "probe", Dev = "eth1" }, 1));
    }

    [Fact]
    public void Long_names_are_shortened_to_a_readable_prefix_and_a_stable_hash()
    {
        var name = OuterDevName.For(ServiceLink("averylongservice"), 12);

        Assert.Equal(15, name.Length);
        Assert.StartsWith("averylo-", name, StringComparison.Ordinal);
        Assert.Matches("^[a-z2-7]{7}$", name[8..]);
        Assert.Equal(name, OuterDevName.For(ServiceLink("averylongservice"), 12));
    }

    [Fact]
    public void Long_names_that_share_a_prefix_do_not_collide()
    {
        var names = Enumerable.Range(1, 500).Select(i => OuterDevName.For(ServiceLink("averylongservice"), i)).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.True(n.Length <= OuterDevName.MaxLength));
    }

    [Fact]
    public void A_user_outer_dev_is_kept_for_the_first_replica_and_made_unique_for_the_others()
    {
        var link = ServiceLink("node", outerDev: "uplink");

        Assert.Equal(["uplink", "uplink_2", "uplink_3"], new[] { 1, 2, 3 }.Select(i => OuterDevName.For(link, i)));
    }

    [Fact]
    public void A_user_outer_dev_of_a_container_link_is_kept()
    {
        Assert.Equal("uplink", OuterDevName.For(new LinkSpec { Container = "c", OuterDev = "uplink" }, 3));
    }

    [Fact]
    public void A_user_outer_dev_that_grows_too_long_for_a_replica_is_shortened()
    {
        var name = OuterDevName.For(ServiceLink("node", outerDev: "fifteen-chars-x"), 10);

        Assert.Equal(15, name.Length);
        Assert.StartsWith("fifteen-", name, StringComparison.Ordinal);
    }
}
