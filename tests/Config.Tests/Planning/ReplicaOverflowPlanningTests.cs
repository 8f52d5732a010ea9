using Conlink.Config.Planning;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Planning;

/// <summary>A replica the compose files did not announce, whose offsets overflow, fails only the links that overflow.</summary>
public class ReplicaOverflowPlanningTests
{
    private static ContainerIdentity Replica(int index) => new() { Id = $"id{index}", Name = $"p-web-{index}", Service = "web", Index = index };

    [Fact]
    public void An_overflowing_replica_gets_a_problem_on_that_link_and_its_other_links_are_planned()
    {
        var config = TestConfig.Network("links:\n  - {service: web, dev: eth0, bridge: s1, ip: 10.0.0.253/24, forward: ['65535:80/tcp']}\n"
            + "  - {service: web, dev: eth1, bridge: s2, ip: 10.1.0.1/16, mac: 02:00:00:00:00:01}\n");

        var plan = Planner.Plan(Replica(3), config, PlanningContext.Default with { DockerEth0Address = System.Net.IPAddress.Parse("172.17.0.2") });

        var eth0 = plan.Links.Single(l => l.Dev == "eth0");
        var eth1 = plan.Links.Single(l => l.Dev == "eth1");
        Assert.Equal("ip 10.0.0.253/24 plus replica offset 2 is 10.0.0.255/24, which cannot be a host address: it is the broadcast address of 10.0.0.0/24; "
            + "forward 65535:80/tcp plus replica offset 2 needs port 65537, above 65535", eth0.Problem);
        Assert.Empty(eth0.Forward);
        Assert.Null(eth1.Problem);
        Assert.Equal("10.1.0.3/16", Assert.Single(eth1.Ips).ToString());
    }

    [Fact]
    public void A_replica_within_range_has_no_problem()
    {
        var config = TestConfig.Network("links: [{service: web, bridge: s1, ip: 10.0.0.1/24}]\n");

        Assert.All(Planner.Plan(Replica(2), config, PlanningContext.Default).Links, l => Assert.Null(l.Problem));
    }
}
