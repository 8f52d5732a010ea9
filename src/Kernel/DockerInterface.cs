using System.Net;
using System.Net.Sockets;
using Conlink.Netlink;
using Conlink.Syntax.Routes;

namespace Conlink.Kernel;

/// <summary>
/// conlink's own Docker-facing interface, when its container has one. As in the original it is
/// renamed from <c>eth0</c> to <c>DOCKER-ETH0</c> (its routes kept), so container links may be named
/// <c>eth0</c>; forwards arrive through it and tunnels leave through it.
/// </summary>
public static class DockerInterface
{
    public const string Name = "DOCKER-ETH0";

    /// <summary>The IPv4 address of an interface already named <see cref="Name"/>; null when there is none.</summary>
    public static IPAddress? Find(NetlinkHandle handle) =>
        handle.LinkFind(Name) is { } link ? handle.AddrList(link, AddressFamily.InterNetwork).Select(a => a.Address.Address).FirstOrDefault() : null;

    /// <summary>Renames eth0 (if it is not renamed yet) and returns the interface's IPv4 address; null when there is none.</summary>
    public static IPAddress? Prepare(NetlinkHandle handle)
    {
        var renamed = handle.LinkFind(Name);
        if (renamed is null)
        {
            var eth0 = handle.LinkFind("eth0");
            if (eth0 is null) return null;
            var routes = handle.RouteList().Where(r => r.DeviceIndex == eth0.Index && r.Gateway is not null).ToList();
            handle.LinkSetDown(eth0); // kernels before 6.2 refuse to rename a link that is up (EBUSY)
            handle.LinkSetName(eth0, Name);
            handle.LinkSetUp(new Netlink.Links.LinkRef(eth0.Index));
            foreach (var route in routes)
            {
                handle.RouteReplace(new RouteSpec
                {
                    Destination = route.Destination, Gateway = route.Gateway, Metric = route.Metric, Source = route.Source, OnLink = route.OnLink,
                }, new Netlink.Links.LinkRef(eth0.Index));
            }
            renamed = handle.LinkGet(Name);
        }
        return handle.AddrList(renamed, AddressFamily.InterNetwork).Select(a => a.Address.Address).FirstOrDefault();
    }
}
