using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Routes;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Routes;

/// <summary>AF_INET6 routes added, replaced, deleted and listed, read back with <c>ip -6 -j route</c>.</summary>
public sealed class Ipv6RouteTests
{
    /// <summary>The kernel's metric for IPv6 routes added without one (IP6_RT_PRIO_USER).</summary>
    private const uint DefaultMetric = 1024;

    private static readonly IPAddress Gateway = IPAddress.Parse("fd00:1::1");

    private static ScratchNamespace WithLink(out Link link)
    {
        var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("eth0", new VethPeer("peer0")) { Up = true });
        ns.Handle.LinkSetUp("peer0");
        ns.Handle.AddrAdd("eth0", InterfaceAddress.Parse("fd00:1::2/64"), AddressFlags.NoDad);
        link = ns.Handle.LinkGet("eth0");
        return ns;
    }

    private static RouteSpec Via(string destination, IPAddress gateway) =>
        new() { Destination = IPNetwork.Parse(destination), Gateway = gateway };

    private static Route[] Ours(ScratchNamespace ns, string destination) =>
        [.. ns.Handle.RouteList(AddressFamily.InterNetworkV6).Where(r => (r.Destination?.ToString() ?? "default") == destination)];

    private static JsonElement[] IpRoutes(ScratchNamespace ns, string destination) =>
        [.. ns.Ip("-6", "route", "show").EnumerateArray().Where(r => r.GetProperty("dst").GetString() == destination)];

    [SkippableFact]
    public void Prefix_via_a_gateway_is_added_and_listed()
    {
        using var ns = WithLink(out var eth0);

        ns.Handle.RouteAdd(Via("fd00:2::/64", Gateway), eth0);

        var route = Assert.Single(Ours(ns, "fd00:2::/64"));
        Assert.Equal((Gateway, eth0.Index, DefaultMetric, RouteSpec.MainTable), (route.Gateway, route.DeviceIndex, route.Metric, route.Table));
        var ip = Assert.Single(IpRoutes(ns, "fd00:2::/64"));
        Assert.Equal(("fd00:1::1", "eth0", 1024), (ip.GetProperty("gateway").GetString(), ip.GetProperty("dev").GetString(), ip.GetProperty("metric").GetInt32()));
    }

    [SkippableFact]
    public void Default_route_via_a_gateway()
    {
        using var ns = WithLink(out var eth0);

        ns.Handle.RouteAdd(new RouteSpec { Gateway = Gateway }, eth0);

        Assert.Equal(Gateway, Assert.Single(Ours(ns, "default")).Gateway);
        Assert.Equal("fd00:1::1", Assert.Single(IpRoutes(ns, "default")).GetProperty("gateway").GetString());
    }

    [SkippableFact]
    public void Device_route_without_a_gateway()
    {
        using var ns = WithLink(out var eth0);

        ns.Handle.RouteAdd(new RouteSpec { Destination = IPNetwork.Parse("fd00:3::/64") }, eth0);

        var route = Assert.Single(Ours(ns, "fd00:3::/64"));
        Assert.Equal((null, eth0.Index), (route.Gateway, route.DeviceIndex));
        var ip = Assert.Single(IpRoutes(ns, "fd00:3::/64"));
        Assert.Equal(("eth0", false), (ip.GetProperty("dev").GetString(), ip.TryGetProperty("gateway", out _)));
    }

    [SkippableFact]
    public void Replace_changes_the_gateway_of_the_route_with_the_same_metric()
    {
        using var ns = WithLink(out var eth0);
        ns.Handle.RouteAdd(Via("fd00:2::/64", Gateway) with { Metric = 10 }, eth0);

        ns.Handle.RouteReplace(Via("fd00:2::/64", IPAddress.Parse("fd00:1::3")) with { Metric = 10 }, eth0);

        var route = Assert.Single(Ours(ns, "fd00:2::/64"));
        Assert.Equal((IPAddress.Parse("fd00:1::3"), 10u), (route.Gateway, route.Metric));
        var ip = Assert.Single(IpRoutes(ns, "fd00:2::/64"));
        Assert.Equal(("fd00:1::3", 10), (ip.GetProperty("gateway").GetString(), ip.GetProperty("metric").GetInt32()));
    }

    [SkippableFact]
    public void Replace_adds_the_route_when_there_is_none()
    {
        using var ns = WithLink(out var eth0);

        ns.Handle.RouteReplace(Via("fd00:2::/64", Gateway), eth0);

        Assert.Single(Ours(ns, "fd00:2::/64"));
        Assert.Single(IpRoutes(ns, "fd00:2::/64"));
    }

    [SkippableFact]
    public void Deleted_route_is_gone_and_deleting_it_again_says_it_does_not_exist()
    {
        using var ns = WithLink(out var eth0);
        var spec = Via("fd00:2::/64", Gateway);
        ns.Handle.RouteAdd(spec, eth0);

        ns.Handle.RouteDel(spec, eth0);

        Assert.Empty(Ours(ns, "fd00:2::/64"));
        Assert.Empty(IpRoutes(ns, "fd00:2::/64"));
        var error = Assert.Throws<NetlinkException>(() => ns.Handle.RouteDel(spec, eth0));
        Assert.StartsWith($"route 'fd00:2::/64 via fd00:1::1 dev eth0' does not exist in namespace {ns.Name}", error.Message);
    }

    [SkippableFact]
    public void Adding_the_same_route_twice_says_it_already_exists()
    {
        using var ns = WithLink(out var eth0);
        ns.Handle.RouteAdd(Via("fd00:2::/64", Gateway), eth0);

        var error = Assert.Throws<NetlinkException>(() => ns.Handle.RouteAdd(Via("fd00:2::/64", Gateway), eth0));

        Assert.True(error.AlreadyExists);
        Assert.StartsWith($"route 'fd00:2::/64 via fd00:1::1 dev eth0' already exists in namespace {ns.Name}", error.Message);
    }

    [SkippableFact]
    public void Ipv4_list_of_a_namespace_with_only_ipv6_routes_is_empty()
    {
        // The kernel makes the IPv4 main table with the first IPv4 route; until then a filtered dump of it fails with ENOENT.
        using var ns = WithLink(out var eth0);
        ns.Handle.RouteAdd(Via("fd00:2::/64", Gateway), eth0);

        Assert.Empty(ns.Handle.RouteList());
        Assert.NotEmpty(ns.Handle.RouteList(AddressFamily.InterNetworkV6));
    }

    [SkippableFact]
    public void Ipv4_list_leaves_out_ipv6_routes()
    {
        using var ns = WithLink(out var eth0);
        ns.Handle.AddrAdd(eth0, InterfaceAddress.Parse("10.0.0.2/24"));
        ns.Handle.RouteAdd(Via("fd00:2::/64", Gateway), eth0);

        var ipv4 = ns.Handle.RouteList();

        Assert.Contains(ipv4, r => r.Destination?.ToString() == "10.0.0.0/24");
        Assert.DoesNotContain(ipv4, r => r.Destination?.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6);
    }
}
