using System.Net.Sockets;
using Conlink.Netlink;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Links;
using Conlink.Syntax.Routes;

namespace Conlink.Kernel;

/// <summary>
/// conlink's own Docker-facing interface, when its container has one. As in the original it is
/// renamed from <c>eth0</c> to <c>DOCKER-ETH0</c> (its addresses and routes kept), so container links
/// may be named <c>eth0</c>; forwards arrive through it and tunnels leave through it.
/// </summary>
public static class DockerInterface
{
    public const string Name = "DOCKER-ETH0";

    /// <summary>The addresses of an interface already named <see cref="Name"/>; null when there is none or it has no address.</summary>
    public static DockerAddresses? Find(NetlinkHandle handle) =>
        handle.LinkFind(Name) is { } link ? AddressesOf(handle, link) : null;

    /// <summary>
    /// Renames eth0 (if it is not renamed yet) and returns the interface's addresses; null when there
    /// is none or it has no address. The rename takes the link down, and the kernel drops a link's
    /// IPv6 addresses when it goes down (unless <c>keep_addr_on_down</c>), and with them the routes
    /// through them: its global IPv6 addresses are added again (nodad: Docker's were already checked),
    /// and every route via a gateway, of both families, replaced.
    /// </summary>
    public static DockerAddresses? Prepare(NetlinkHandle handle)
    {
        var renamed = handle.LinkFind(Name);
        if (renamed is null)
        {
            var eth0 = handle.LinkFind("eth0");
            if (eth0 is null) return null;
            var routes = handle.RouteList().Concat(handle.RouteList(AddressFamily.InterNetworkV6))
                .Where(r => r.DeviceIndex == eth0.Index && r.Gateway is not null).ToList();
            var ipv6 = GlobalIpv6(handle, eth0).ToList();
            handle.LinkSetDown(eth0); // kernels before 6.2 refuse to rename a link that is up (EBUSY)
            handle.LinkSetName(eth0, Name);
            var link = new LinkRef(eth0.Index);
            handle.LinkSetUp(link);
            var kept = handle.AddrList(link, AddressFamily.InterNetworkV6).Select(a => a.Address).ToHashSet();
            foreach (var address in ipv6.Where(a => !kept.Contains(a.Address)))
                handle.AddrAdd(link, address.Address, AddressFlags.NoDad);
            foreach (var route in routes)
            {
                handle.RouteReplace(new RouteSpec
                {
                    Destination = route.Destination, Gateway = route.Gateway, Metric = route.Metric, Source = route.Source, OnLink = route.OnLink,
                }, link);
            }
            renamed = handle.LinkGet(Name);
        }
        return AddressesOf(handle, renamed);
    }

    private static DockerAddresses? AddressesOf(NetlinkHandle handle, Link link)
    {
        var ipv4 = handle.AddrList(link, AddressFamily.InterNetwork).Select(a => a.Address.Address).FirstOrDefault();
        var ipv6 = GlobalIpv6(handle, link).Select(a => a.Address.Address).FirstOrDefault();
        return ipv4 is null && ipv6 is null ? null : new DockerAddresses(ipv4, ipv6);
    }

    /// <summary>The interface's IPv6 addresses of global scope (not link-local), leaving out any that failed duplicate detection.</summary>
    private static IEnumerable<LinkAddress> GlobalIpv6(NetlinkHandle handle, Link link) =>
        handle.AddrList(link, AddressFamily.InterNetworkV6)
            .Where(a => a.Scope == AddressScope.Universe && (a.Flags & AddressFlags.DadFailed) == 0);
}
