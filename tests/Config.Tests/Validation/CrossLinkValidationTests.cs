using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Validation;

/// <summary>Rules that span links: one interface per dev, unique conlink-side names.</summary>
public class CrossLinkValidationTests
{
    [Fact]
    public void Two_links_that_become_the_same_dev_of_a_service_are_rejected()
    {
        const string yaml = "links:\n  - {service: a, bridge: s1}\n  - {service: a, bridge: s2, dev: $DEV}\n";
        var options = TestConfig.Options with { Environment = name => name == "DEV" ? "eth0" : null };

        ErrorAssert.Network(yaml, options, ("$DEV", "links[1].dev", "duplicate dev 'eth0' for service 'a' (first defined at net.yaml:2:5)"));
    }

    [Fact]
    public void Two_veth_links_with_the_same_outer_dev_are_rejected()
    {
        const string yaml = "links:\n  - {container: a, bridge: s1, outer-dev: vo}\n  - {service: b, outer-dev: vo, bridge: s1}\n";
        ErrorAssert.Network(yaml, ("vo, bridge", "links[1].outer-dev", $"outer-dev 'vo' is already used (at net.yaml:{TestConfig.At(yaml, "vo}")})"));
    }

    [Fact]
    public void An_outer_dev_cannot_take_the_name_of_a_bridge()
    {
        const string yaml = "links:\n  - {container: a, bridge: s1, outer-dev: s2}\n  - {container: b, bridge: s2}\n";
        ErrorAssert.Network(yaml, ("s2}", "links[0].outer-dev", "outer-dev 's2' is also the name of a bridge"));
    }

    [Fact]
    public void Host_parent_links_may_share_their_parent()
    {
        var config = TestConfig.Network("links:\n  - {container: a, type: macvlan, outer-dev: eth0}\n  - {container: b, type: macvlan, outer-dev: eth0}\n");

        Assert.Equal(2, config.Containers.Count);
    }
}
