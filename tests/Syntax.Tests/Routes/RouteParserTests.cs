using System.Net;
using System.Net.Sockets;
using Conlink.Syntax;
using Conlink.Syntax.Routes;

namespace Conlink.Syntax.Tests.Routes;

public sealed class RouteParserTests
{
    [Fact]
    public void Default_route_via_a_gateway()
    {
        var route = RouteParser.Parse("default via 10.0.0.1");

        Assert.Equal(new RouteSpec { Gateway = IPAddress.Parse("10.0.0.1") }, route);
        Assert.Null(route.Destination);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var route = RouteParser.Parse("172.16.0.0/12 via 10.0.0.1 dev eth1 metric 5 src 10.0.0.2 table 100 onlink");

        Assert.Equal(new RouteSpec
        {
            Destination = IPNetwork.Parse("172.16.0.0/12"),
            Gateway = IPAddress.Parse("10.0.0.1"),
            Device = "eth1",
            Metric = 5,
            Source = IPAddress.Parse("10.0.0.2"),
            Table = 100,
            OnLink = true,
        }, route);
    }

    [Theory]
    [InlineData("10.0.0.1/32", "10.0.0.1/32")]
    [InlineData("10.0.0.1", "10.0.0.1/32")]
    [InlineData("to 192.168.1.0/24", "192.168.1.0/24")]
    [InlineData("fd00::/8", "fd00::/8")]
    public void Destinations_are_prefixes_or_host_addresses(string text, string destination) =>
        Assert.Equal(IPNetwork.Parse(destination), RouteParser.Parse(text).Destination);

    [Theory]
    [InlineData("default via 10.0.0.1 table main", RouteSpec.MainTable)]
    [InlineData("default via 10.0.0.1 table local", RouteSpec.LocalTable)]
    [InlineData("default via 10.0.0.1 table 1000", 1000u)]
    public void Tables_are_read_by_name_or_number(string text, uint table) => Assert.Equal(table, RouteParser.Parse(text).Table);

    [Fact]
    public void Metric_has_the_aliases_ip_accepts() =>
        Assert.Equal(7u, RouteParser.Parse("default via 10.0.0.1 priority 7").Metric);

    [Fact]
    public void Ipv6_default_route_takes_its_family_from_the_gateway() =>
        Assert.Equal(AddressFamily.InterNetworkV6, RouteParser.Parse("default via fd00::1").Family);

    [Theory]
    [InlineData("default via 10.0.0.1 frobnicate", "unknown route option", "frobnicate")]
    [InlineData("default via", "'via' needs a value", "via")]
    [InlineData("via 10.0.0.1", "a route needs a destination (PREFIX or default) first", "via")]
    [InlineData("", "a route needs a destination (PREFIX or default)", "")]
    [InlineData("10.0.0.5/8 via 10.0.0.1", "host bits are set (did you mean 10.0.0.0/8?)", "10.0.0.5/8")]
    [InlineData("10.0.0.0/33", "not a prefix length (0 to 32)", "10.0.0.0/33")]
    [InlineData("nowhere via 10.0.0.1", "not a destination (PREFIX, ADDRESS or default)", "nowhere")]
    [InlineData("default via 10.0.0.300", "not a gateway address", "10.0.0.300")]
    [InlineData("default via 10.0.0.1 metric -1", "not a metric (a number from 0 to 4294967295)", "-1")]
    [InlineData("default via 10.0.0.1 metric 1 metric 2", "'metric' is given twice", "metric")]
    [InlineData("default via 10.0.0.1 dev a/b", "not a valid interface name", "a/b")]
    [InlineData("10.0.0.0/8 via fd00::1", "the gateway's address family differs from the destination's", "fd00::1")]
    [InlineData("default via 10.0.0.1 table mine", "not a table (a number from 0 to 4294967295)", "mine")]
    public void Errors_name_the_token_at_fault(string text, string problem, string token)
    {
        var error = Assert.Throws<SyntaxException>(() => RouteParser.Parse(text));

        Assert.Equal(token, error.Token);
        Assert.Equal($"{problem}: '{token}' in '{text}'", error.Message);
    }

    [Fact]
    public void Written_form_is_ip_route_syntax() =>
        Assert.Equal("10.5.0.0/16 via 10.0.0.1 dev eth0 metric 5 src 10.0.0.2 table 1000 onlink",
            RouteParser.Parse("10.5.0.0/16 onlink table 1000 src 10.0.0.2 metric 5 dev eth0 via 10.0.0.1").ToString());
}
