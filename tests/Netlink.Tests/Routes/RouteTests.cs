using System.Net;
using System.Text.Json;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Routes;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Routes;

public sealed class RouteTests
{
    private static ScratchNamespace WithLink(out Link link)
    {
        var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("eth0", new VethPeer("peer0")) { Up = true });
        ns.Handle.LinkSetUp("peer0");
        ns.Handle.AddrAdd("eth0", InterfaceAddress.Parse("10.0.0.2/24"));
        link = ns.Handle.LinkGet("eth0");
        return ns;
    }

    private static JsonElement IpRoute(ScratchNamespace ns, string destination, string table = "main") =>
        ns.Ip("route", "show", "table", table).EnumerateArray().Single(r => r.GetProperty("dst").GetString() == destination);

    [SkippableFact]
    public void Default_route_via_a_gateway_on_the_link()
    {
        using var ns = WithLink(out var eth0);

        ns.Handle.RouteAdd(RouteSpec.Parse("default via 10.0.0.1"), eth0);

        var route = ns.Handle.RouteList().Single(r => r.Destination is null);
        Assert.Equal((IPAddress.Parse("10.0.0.1"), eth0.Index), (route.Gateway, route.DeviceIndex));
        var ip = IpRoute(ns, "default");
        Assert.Equal(("10.0.0.1", "eth0"), (ip.GetProperty("gateway").GetString(), ip.GetProperty("dev").GetString()));
    }

    [SkippableFact]
    public void Prefix_via_gateway_with_metric_and_source()
    {
        using var ns = WithLink(out var eth0);

        ns.Handle.RouteAdd(RouteSpec.Parse("172.16.0.0/16 via 10.0.0.1 metric 50 src 10.0.0.2"), eth0);

        var route = ns.Handle.RouteList().Single(r => r.Destination?.ToString() == "172.16.0.0/16");
        Assert.Equal((IPAddress.Parse("10.0.0.1"), 50u, IPAddress.Parse("10.0.0.2")), (route.Gateway, route.Metric, route.Source));
        var ip = IpRoute(ns, "172.16.0.0/16");
        Assert.Equal((50, "10.0.0.2"), (ip.GetProperty("metric").GetInt32(), ip.GetProperty("prefsrc").GetString()));
    }

    [SkippableFact]
    public void Host_route_by_device_name_has_link_scope()
    {
        using var ns = WithLink(out _);

        ns.Handle.RouteAdd(RouteSpec.Parse("192.168.7.7/32 dev eth0"));

        var route = ns.Handle.RouteList().Single(r => r.Destination?.ToString() == "192.168.7.7/32");
        Assert.Equal(AddressScope.Link, route.Scope);
        Assert.Equal(("eth0", "link"), (IpRoute(ns, "192.168.7.7").GetProperty("dev").GetString(), IpRoute(ns, "192.168.7.7").GetProperty("scope").GetString()));
    }

    [SkippableFact]
    public void Route_in_a_numbered_table_beyond_255()
    {
        using var ns = WithLink(out var eth0);

        ns.Handle.RouteAdd(RouteSpec.Parse("10.5.0.0/16 via 10.0.0.1 table 1000"), eth0);

        Assert.Single(ns.Handle.RouteList(table: 1000));
        Assert.DoesNotContain(ns.Handle.RouteList(), r => r.Destination?.ToString() == "10.5.0.0/16");
        Assert.Equal("10.0.0.1", IpRoute(ns, "10.5.0.0/16", "1000").GetProperty("gateway").GetString());
    }

    [SkippableFact]
    public void Onlink_gateway_outside_every_subnet_is_accepted()
    {
        using var ns = WithLink(out var eth0);

        ns.Handle.RouteAdd(RouteSpec.Parse("default via 192.168.100.1 onlink"), eth0);

        Assert.True(ns.Handle.RouteList().Single(r => r.Destination is null).OnLink);
        Assert.Contains("onlink", IpRoute(ns, "default").GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [SkippableFact]
    public void Unreachable_gateway_says_to_add_an_address_or_onlink()
    {
        using var ns = WithLink(out var eth0);

        var error = Assert.Throws<NetlinkException>(() =>
            ns.Handle.RouteAdd(RouteSpec.Parse("default via 192.168.100.1"), eth0));

        Assert.Equal("ENETUNREACH", error.ErrnoName);
        Assert.Contains("the gateway is not reachable", error.Message);
        Assert.Contains("onlink", error.Message);
    }

    [SkippableFact]
    public void Deleted_route_is_gone_and_deleting_it_again_says_it_does_not_exist()
    {
        using var ns = WithLink(out var eth0);
        var spec = RouteSpec.Parse("172.16.0.0/16 via 10.0.0.1");
        ns.Handle.RouteAdd(spec, eth0);

        ns.Handle.RouteDel(spec, eth0);

        Assert.DoesNotContain(ns.Handle.RouteList(), r => r.Destination?.ToString() == "172.16.0.0/16");
        var error = Assert.Throws<NetlinkException>(() => ns.Handle.RouteDel(spec, eth0));
        Assert.StartsWith($"route '172.16.0.0/16 via 10.0.0.1 dev eth0' does not exist in namespace {ns.Name}", error.Message);
    }

    [SkippableFact]
    public void Replace_changes_an_existing_route()
    {
        using var ns = WithLink(out var eth0);
        ns.Handle.RouteAdd(RouteSpec.Parse("172.16.0.0/16 via 10.0.0.1"), eth0);

        ns.Handle.RouteReplace(RouteSpec.Parse("172.16.0.0/16 via 10.0.0.3"), eth0);

        Assert.Equal(IPAddress.Parse("10.0.0.3"), ns.Handle.RouteList().Single(r => r.Destination?.ToString() == "172.16.0.0/16").Gateway);
    }

    [SkippableFact]
    public void Ipv6_default_route()
    {
        using var ns = WithLink(out var eth0);
        ns.Handle.AddrAdd(eth0, InterfaceAddress.Parse("fd00::2/64"));

        ns.Handle.RouteAdd(RouteSpec.Parse("default via fd00::1"), eth0);

        var route = ns.Handle.RouteList(System.Net.Sockets.AddressFamily.InterNetworkV6).Single(r => r.Destination is null);
        Assert.Equal(IPAddress.Parse("fd00::1"), route.Gateway);
    }
}
