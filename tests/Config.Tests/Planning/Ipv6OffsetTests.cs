using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Planning;

/// <summary>Replica offsets on every address of a link, IPv6 as a 128-bit integer inside its prefix.</summary>
public class Ipv6OffsetTests
{
    private static ContainerIdentity Replica(int index) => new() { Id = $"id-{index}", Name = $"p-node-{index}", Service = "node", Index = index };

    private static LinkPlan PlanOne(string ip, int index) =>
        Assert.Single(Planner.Plan(Replica(index), TestConfig.Network($"links: [{{service: node, bridge: s1, ip: {ip}}}]"), PlanningContext.Default).Links);

    [Fact]
    public void Replica_n_adds_n_minus_one_to_every_address_of_both_families()
    {
        var plan = PlanOne("[10.0.1.10/24, 'fd00:1::10/64', 'fd00:2::ff/64']", 3);

        Assert.Equal(["10.0.1.12/24", "fd00:1::12/64", "fd00:2::101/64"], plan.Ips.Select(a => a.ToString()));
    }

    [Fact]
    public void An_ipv6_offset_carries_across_all_128_bits()
    {
        var plan = PlanOne("'fd00:0:0:1:ffff:ffff:ffff:ffff/48'", 2);

        Assert.Equal("fd00:0:0:2::/48", plan.Ips.Single().ToString());
    }

    [Fact]
    public void An_ipv6_offset_that_leaves_the_prefix_names_the_link_and_the_subnet()
    {
        var plan = PlanOne("[10.0.1.10/24, 'fd00:1::fffe/112']", 3);

        Assert.Equal("p-node-3:eth0", plan.Id);
        Assert.Equal("ip fd00:1::fffe/112 plus replica offset 2 leaves the subnet fd00:1::/112", plan.Problem);
    }

    [Fact]
    public void The_top_of_the_ipv6_space_does_not_wrap_around()
    {
        var top = new CidrAddress(System.Net.IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 0);

        Assert.Null(top.Offset(1));
        Assert.Equal("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/0", top.Offset(-1).ToString());
        Assert.Equal("fe00::/0", CidrAddress.Parse("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/0").Offset(1).ToString());
        Assert.Null(new CidrAddress(System.Net.IPAddress.IPv6Any, 0).Offset(-1));
    }

    [Fact]
    public void A_slash_128_address_has_room_for_one_replica_only()
    {
        Assert.Equal("fd00::5/128", PlanOne("'fd00::5/128'", 1).Ips.Single().ToString());
        Assert.Null(PlanOne("'fd00::5/128'", 1).Problem);
        Assert.Equal("ip fd00::5/128 plus replica offset 1 leaves the subnet fd00::5/128", PlanOne("'fd00::5/128'", 2).Problem);
    }

    [Fact]
    public void Ipv4_offsets_are_unchanged()
    {
        Assert.Equal("10.0.0.255/24", CidrAddress.Parse("10.0.0.250/24").Offset(5).ToString());
        Assert.Null(CidrAddress.Parse("10.0.0.250/24").Offset(6));
        Assert.Null(CidrAddress.Parse("255.255.255.255/0").Offset(1));
    }

    [Fact]
    public void The_network_of_an_ipv6_address_clears_its_host_bits()
    {
        Assert.Equal("fd00:1:2::/48", CidrAddress.Parse("fd00:1:2:3::4/48").Network.ToString());
        Assert.Equal("::/0", CidrAddress.Parse("fd00::1/0").Network.ToString());
        Assert.Equal("fd00::1/128", CidrAddress.Parse("fd00::1/128").Network.ToString());
    }

    [Fact]
    public void With_a_known_replica_count_every_address_is_checked_at_load_time()
    {
        const string yaml = """
            links:
              - {service: node, bridge: s1, ip: [10.0.1.250/24, 'fd00:1::fffe/112', 'fd00:2::1/64']}
            """;
        var options = TestConfig.Options with { Replicas = new Dictionary<string, int> { ["node"] = 3 } };

        ErrorAssert.Network(yaml, options,
            ("'fd00:1::fffe/112'", "links[0].ip[1]", "service 'node' has 3 replicas: for replica 3, ip fd00:1::fffe/112 plus replica offset 2 leaves the subnet fd00:1::/112"));
    }

    [Fact]
    public void With_a_known_replica_count_an_ipv4_string_is_checked_too()
    {
        const string yaml = "links: [{service: node, bridge: s1, ip: 10.0.1.254/24}]\n";
        var options = TestConfig.Options with { Replicas = new Dictionary<string, int> { ["node"] = 3, ["other"] = 500 } };

        ErrorAssert.Network(yaml, options,
            ("10.0.1.254/24", "links[0].ip", "service 'node' has 3 replicas: for replica 3, ip 10.0.1.254/24 plus replica offset 2 leaves the subnet 10.0.1.0/24"));
    }

    [Fact]
    public void Replicas_that_fit_load_without_errors()
    {
        const string yaml = "links: [{service: node, bridge: s1, ip: [10.0.1.250/24, 'fd00:1::fffd/112']}]\n";
        var options = TestConfig.Options with { Replicas = new Dictionary<string, int> { ["node"] = 3 } };

        Assert.Equal(2, TestConfig.Network(yaml, options).SingleLink().Ips.Count);
    }
}
