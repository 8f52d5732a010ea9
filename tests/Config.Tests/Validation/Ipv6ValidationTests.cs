using System.Net;
using Conlink.Config.Model;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Validation;

/// <summary>IPv6 and dual-stack values: <c>ip</c> as one CIDR or a list, IPv6 nat, routes and tunnel remotes.</summary>
public class Ipv6ValidationTests
{
    private static string Link(string fields) => $"links:\n  - {{service: a, bridge: s1, {fields}}}\n";

    [Fact]
    public void A_plain_ipv4_string_is_one_address_as_before()
    {
        var link = TestConfig.Network(Link("ip: 10.0.0.1/24")).SingleLink();

        Assert.Equal(["10.0.0.1/24"], link.Ips.Select(a => a.ToString()));
    }

    [Fact]
    public void A_plain_ipv6_string_is_one_ipv6_address()
    {
        var link = TestConfig.Network(Link("ip: 'fd00:0:0:0::1/64'")).SingleLink();

        Assert.Equal(["fd00::1/64"], link.Ips.Select(a => a.ToString()));
        Assert.True(link.Ips[0].IsIpv6);
    }

    [Fact]
    public void A_list_gives_every_address_in_the_order_written()
    {
        var link = TestConfig.Network(Link("ip: ['fd00:1::10/64', 10.0.1.10/24, 10.0.2.10/24]")).SingleLink();

        Assert.Equal(["fd00:1::10/64", "10.0.1.10/24", "10.0.2.10/24"], link.Ips.Select(a => a.ToString()));
        Assert.Equal("10.0.1.10/24", link.PrimaryIp(System.Net.Sockets.AddressFamily.InterNetwork).ToString());
        Assert.Equal("fd00:1::10/64", link.PrimaryIp(System.Net.Sockets.AddressFamily.InterNetworkV6).ToString());
    }

    [Theory]
    [InlineData("'fd00::zz/64'", "'fd00::zz/64' is not an IPv6 CIDR: 'fd00::zz' is not an IPv6 address")]
    [InlineData("'fd00::1/129'", "'fd00::1/129' is not an IPv6 CIDR: the prefix length must be 0 to 128")]
    [InlineData("'fd00::1'", "'fd00::1' is not an IPv6 CIDR (an address with a prefix length, such as fd00::1/64)")]
    [InlineData("'fd00::1/'", "'fd00::1/' is not an IPv6 CIDR (an address with a prefix length, such as fd00::1/64)")]
    [InlineData("'fd00:::1/64'", "'fd00:::1/64' is not an IPv6 CIDR: 'fd00:::1' is not an IPv6 address")]
    [InlineData("'fd00::1%eth0/64'", "'fd00::1%eth0/64' is not an IPv6 CIDR: 'fd00::1%eth0' is not an IPv6 address")]
    [InlineData("'fe80::1/64'", "'fe80::1/64' cannot be a host address: it is link-local (fe80::/10), which the kernel makes on every link; give a global or unique local address (such as fd00::1/64)")]
    [InlineData("'ff02::1/64'", "'ff02::1/64' cannot be a host address: it is a multicast address (ff00::/8)")]
    [InlineData("'::/0'", "'::/0' cannot be a host address: :: means 'any address'")]
    [InlineData("'::1/128'", "'::1/128' cannot be a host address: it is the loopback address ::1")]
    [InlineData("'::ffff:10.0.0.1/120'", "'::ffff:10.0.0.1/120' cannot be a host address: it is IPv4-mapped (::ffff:0:0/96); write the IPv4 address itself")]
    public void A_bad_ipv6_cidr_is_a_located_error(string ip, string message)
    {
        var yaml = Link($"ip: {ip}");
        ErrorAssert.Network(yaml, (ip, "links[0].ip", message));
    }

    [Fact]
    public void Each_bad_entry_of_a_list_is_reported_at_that_entry()
    {
        var yaml = Link("ip: [10.0.0.1/24, 'fd00::1/200', 10.0.0.300/24]");
        ErrorAssert.Network(yaml,
            ("'fd00::1/200'", "links[0].ip[1]", "'fd00::1/200' is not an IPv6 CIDR: the prefix length must be 0 to 128"),
            ("10.0.0.300/24", "links[0].ip[2]", "'10.0.0.300/24' is not an IPv4 CIDR"));
    }

    [Fact]
    public void The_same_address_twice_is_an_error_at_the_second()
    {
        var yaml = Link("ip: ['fd00::1/64', 10.0.0.1/24, 'fd00:0::1/48']");
        ErrorAssert.Network(yaml, ("'fd00:0::1/48'", "links[0].ip[2]", "'fd00:0::1/48': address fd00::1 is listed twice"));
    }

    [Fact]
    public void An_empty_list_is_an_error()
    {
        var yaml = Link("ip: []");
        ErrorAssert.Network(yaml, ("[]", "links[0].ip", "must list at least one address (leave 'ip' out for none)"));
    }

    [Fact]
    public void Ipv6_routes_are_accepted_with_and_without_a_gateway()
    {
        var link = TestConfig.Network(Link("ip: ['fd00:1::10/64'], route: ['default via fd00:1::1', 'fd00:2::/64 via fd00:1::1 metric 5', 'fd00:3::/64 dev eth0']")).SingleLink();

        Assert.Equal(["default via fd00:1::1", "fd00:2::/64 via fd00:1::1 metric 5", "fd00:3::/64 dev eth0"], link.Route.Select(r => r.Value.ToString()));
        Assert.All(link.Route, r => Assert.Equal(System.Net.Sockets.AddressFamily.InterNetworkV6, r.Value.Family));
    }

    [Theory]
    [InlineData("'fd00:2::/64 via 10.0.0.1'", "the gateway's address family differs from the destination's")]
    [InlineData("'10.0.2.0/24 via fd00::1'", "the gateway's address family differs from the destination's")]
    [InlineData("'fd00:2::/129'", "not a prefix length (0 to 128)")]
    public void A_route_that_mixes_families_or_has_a_bad_prefix_is_a_located_error(string route, string problem)
    {
        var yaml = Link($"ip: [10.0.0.2/24, 'fd00::2/64'], route: [{route}]");
        var error = Assert.Single(TestConfig.NetworkErrors(yaml));

        Assert.StartsWith($"net.yaml:{TestConfig.At(yaml, route)}: links[0].route[0]: ", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_route_via_an_ipv6_gateway_needs_an_ipv6_address_on_the_link()
    {
        var yaml = Link("ip: 10.0.0.2/24, route: ['default via fd00::1', 'fd00:9::/64 via fe80::1', 'fd00:8::/64 via fd00::1 onlink']");
        ErrorAssert.Network(yaml, ("'default via fd00::1'", "links[0].route[0]",
            "route 'default via fd00::1' goes via the IPv6 gateway fd00::1, but 'ip' has no IPv6 address (add one, or 'onlink')"));
    }

    [Fact]
    public void A_route_via_an_ipv4_gateway_needs_an_ipv4_address_on_the_link()
    {
        var yaml = Link("ip: 'fd00::2/64', route: [default via 10.0.0.1]");
        ErrorAssert.Network(yaml, ("default via 10.0.0.1", "links[0].route[0]",
            "route 'default via 10.0.0.1' goes via the IPv4 gateway 10.0.0.1, but 'ip' has no IPv4 address (add one, or 'onlink')"));
    }

    [Fact]
    public void Nat_may_be_ipv6_when_the_link_has_an_ipv6_address()
    {
        var link = TestConfig.Network(Link("ip: [10.0.0.2/24, 'fd00::2/64'], nat: 'fd00:99::2'")).SingleLink();

        Assert.Equal(IPAddress.Parse("fd00:99::2"), link.Nat);
    }

    [Fact]
    public void Nat_of_a_family_the_link_has_no_address_of_is_an_error()
    {
        var yaml = Link("ip: 10.0.0.2/24, nat: 'fd00:99::2'");
        ErrorAssert.Network(yaml, ("'fd00:99::2'", "links[0].nat", "'nat' fd00:99::2 is IPv6, but 'ip' has no IPv6 address to translate it to"));
    }

    [Theory]
    [InlineData("'fd00::zz'", "'fd00::zz' is not an IPv6 address")]
    [InlineData("'fd00::1/64'", "'fd00::1/64' is not an IPv6 address")]
    public void A_bad_ipv6_nat_is_a_located_error(string nat, string message)
    {
        var yaml = Link($"ip: 'fd00::2/64', nat: {nat}");
        ErrorAssert.Network(yaml, (nat, "links[0].nat", message));
    }

    [Fact]
    public void A_tunnel_remote_may_be_ipv6()
    {
        var config = TestConfig.Network(Link("ip: 10.0.0.1/24") + "tunnels: [{type: vxlan, bridge: s1, remote: 'fd00:77::2', vni: 1001}]\n");

        Assert.Equal(IPAddress.Parse("fd00:77::2"), Assert.Single(config.Tunnels).Remote);
    }

    [Fact]
    public void A_bad_ipv6_tunnel_remote_is_a_located_error()
    {
        var yaml = Link("ip: 10.0.0.1/24") + "tunnels: [{type: vxlan, bridge: s1, remote: 'fd00::77::2', vni: 1001}]\n";
        ErrorAssert.Network(yaml, ("'fd00::77::2'", "tunnels[0].remote", "'fd00::77::2' is not an IPv6 address"));
    }

    [Fact]
    public void A_later_fragment_replaces_the_whole_ip_of_the_same_link()
    {
        const string yaml = """
            links:
              - {service: a, bridge: s1, ip: [10.0.0.1/24, 'fd00::1/64']}
              - {service: a, ip: 10.0.0.9/24}
            """;

        Assert.Equal(["10.0.0.9/24"], TestConfig.Network(yaml).SingleLink().Ips.Select(a => a.ToString()));
    }

    [Fact]
    public void A_later_list_replaces_an_earlier_plain_string()
    {
        const string yaml = """
            links:
              - {service: a, bridge: s1, ip: 10.0.0.1/24}
              - {service: a, ip: [10.0.0.1/24, 'fd00::1/64']}
            """;

        Assert.Equal(["10.0.0.1/24", "fd00::1/64"], TestConfig.Network(yaml).SingleLink().Ips.Select(a => a.ToString()));
    }

    [Fact]
    public void A_dual_stack_link_may_have_forwards()
    {
        var link = TestConfig.Network(Link("ip: ['fd00::2/64', 10.0.0.2/24], forward: [8080:80/tcp]")).SingleLink();

        Assert.Single(link.Forward);
    }

    [Fact]
    public void An_ipv6_only_link_may_have_forwards()
    {
        var link = TestConfig.Network(Link("ip: 'fd00::2/64', forward: [8080:80/tcp, 53:53/udp]")).SingleLink();

        Assert.Equal([new ForwardSpec(8080, 80, ForwardProtocol.Tcp), new ForwardSpec(53, 53, ForwardProtocol.Udp)], link.Forward);
    }
}
