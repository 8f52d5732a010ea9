using System.Net;
using System.Net.Sockets;
using Conlink.Config.Planning;
using Conlink.Kernel.Tools;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Syntax.Routes;

namespace Conlink.Kernel.Forwards;

/// <summary>
/// The port forwards in the bridge namespace, for each family a link is forwarded over
/// (<see cref="LinkPlan.ForwardOver"/>): per forward a DNAT and a MARK rule on the Docker
/// interface (iptables or ip6tables), per bridge and family one MASQUERADE rule for marked traffic,
/// per target a host route (<c>/32</c>, <c>/128</c>) through the bridge, and for IPv4 forwarding on
/// both interfaces (IPv6's is the namespace's, turned on at startup: see <see cref="Ipv6Forwarding"/>).
/// Masqueraded IPv6 traffic comes from conlink's Docker address, which the link reaches through its
/// return route (<c>ADDRESS/128</c>, on-link): IPv6 neighbour discovery answers only for an
/// interface's own addresses (IPv4's ARP answers for any of the host's), so the bridge also gets that
/// address (<c>/128</c>, nodad, no prefix route) while it has IPv6 forwards. Changes happen under one
/// lock, since two containers checking for and inserting the same rule at once would insert it twice;
/// a bridge's MASQUERADE rule and address go with its last forward of their family.
/// </summary>
internal sealed class PortForwards(KernelContext kernel)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Bridge, AddressFamily Family), HashSet<string>> _linksByBridge = new();

    public void Add(LinkPlan link, NetlinkRecorder recorder)
    {
        var (dockerDev, bridge) = Target(link);
        var handle = kernel.BridgeHandle;
        lock (_lock)
        {
            foreach (var family in link.ForwardOver)
            {
                var ip = TargetIp(link, family);
                var program = Iptables.Program(family);
                if (family == AddressFamily.InterNetwork)
                    foreach (var dev in new[] { dockerDev, bridge })
                        recorder.Do(handle, $"link-set-ipv4-forwarding {dev} on", () => handle.LinkSetIpv4Forwarding(dev, true));
                else
                    EnsureBridgeAddress(bridge, recorder);
                foreach (var forward in link.Forward)
                    recorder.Do(handle.Namespace, $"{program} forward {forward} to {ip}", () =>
                    {
                        Iptables.Ensure(kernel.BridgeNamespace, Iptables.ForwardRules(link.OuterDev!, dockerDev, forward.OuterPort, ip, forward.InnerPort, Protocol(forward)), family);
                        return true;
                    });
                var links = LinksOf(bridge, family);
                if (links.Count == 0)
                    recorder.Do(handle.Namespace, $"{program} masquerade {bridge}", () =>
                    {
                        Iptables.Ensure(kernel.BridgeNamespace, Iptables.MasqueradeRule(bridge), family);
                        return true;
                    });
                links.Add(link.Id);
                var route = Route(ip, bridge);
                recorder.Do(handle, $"route-replace {route.Destination} dev {bridge}", () => handle.RouteReplace(route));
            }
        }
    }

    public void Remove(LinkPlan link, NetlinkRecorder recorder)
    {
        if (kernel.Options.DockerInterface is null) return; // nothing can have been added
        var (dockerDev, bridge) = Target(link);
        var handle = kernel.BridgeHandle;
        lock (_lock)
        {
            foreach (var family in link.ForwardOver)
            {
                var ip = TargetIp(link, family);
                var program = Iptables.Program(family);
                foreach (var forward in link.Forward)
                    recorder.Do(handle.Namespace, $"{program} forward-del {forward} to {ip}", () =>
                    {
                        Iptables.Remove(kernel.BridgeNamespace, Iptables.ForwardRules(link.OuterDev!, dockerDev, forward.OuterPort, ip, forward.InnerPort, Protocol(forward)), family);
                        return true;
                    });
                var links = LinksOf(bridge, family);
                if (links.Remove(link.Id) && links.Count == 0)
                {
                    recorder.Do(handle.Namespace, $"{program} masquerade-del {bridge}", () =>
                    {
                        Iptables.Remove(kernel.BridgeNamespace, Iptables.MasqueradeRule(bridge), family);
                        return true;
                    });
                    if (family == AddressFamily.InterNetworkV6) RemoveBridgeAddress(bridge, recorder);
                }
                var route = Route(ip, bridge);
                try
                {
                    recorder.Do(handle, $"route-del {route.Destination} dev {bridge}", () => handle.RouteDel(route));
                }
                catch (NetlinkException e) when (e.NotFound)
                {
                    // Never added (the link failed first), or gone with the bridge.
                }
            }
        }
    }

    /// <summary>
    /// Gives the bridge conlink's IPv6 Docker address, so that the bridge answers the neighbour
    /// solicitations of the links' return routes; checked on every add, since a bridge made again
    /// (deleted behind conlink's back) comes without it.
    /// </summary>
    private void EnsureBridgeAddress(string bridge, NetlinkRecorder recorder)
    {
        var handle = kernel.BridgeHandle;
        var address = BridgeAddress();
        var present = recorder.Do(handle, "addr-list -6 " + bridge, () => handle.AddrList(new LinkRef(bridge), AddressFamily.InterNetworkV6));
        if (present.Any(a => a.Address.Equals(address) && !a.IsTentative)) return;
        if (present.Any(a => a.Address.Equals(address))) recorder.Do(handle, $"addr-del {address} dev {bridge}", () => handle.AddrDel(new LinkRef(bridge), address));
        recorder.Do(handle, $"addr-add {address} dev {bridge} nodad noprefixroute",
            () => handle.AddrAdd(new LinkRef(bridge), address, AddressFlags.NoDad | AddressFlags.NoPrefixRoute));
    }

    private void RemoveBridgeAddress(string bridge, NetlinkRecorder recorder)
    {
        var handle = kernel.BridgeHandle;
        var address = BridgeAddress();
        try
        {
            recorder.Do(handle, $"addr-del {address} dev {bridge}", () => handle.AddrDel(new LinkRef(bridge), address));
        }
        catch (NetlinkException e) when (e.NotFound || e.ErrnoName == "EADDRNOTAVAIL")
        {
            // Gone with the bridge, or never added.
        }
    }

    private InterfaceAddress BridgeAddress() =>
        new(kernel.Options.DockerIpv6Address ?? throw new InvalidOperationException("IPv6 forwards need conlink's IPv6 Docker address, and the driver has none"), 128);

    private HashSet<string> LinksOf(string bridge, AddressFamily family)
    {
        if (!_linksByBridge.TryGetValue((bridge, family), out var links)) _linksByBridge[(bridge, family)] = links = [];
        return links;
    }

    private (string DockerDev, string Bridge) Target(LinkPlan link) =>
        (kernel.Options.DockerInterface ?? throw new InvalidOperationException($"{link.Id}: forward needs conlink's Docker interface, and it has none"),
         link.Bridge?.Name ?? throw new InvalidOperationException($"{link.Id}: forward needs a bridge"));

    private static IPAddress TargetIp(LinkPlan link, AddressFamily family) =>
        link.PrimaryIp(family)?.Address ?? throw new InvalidOperationException($"{link.Id}: forward over {(family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")} needs an ip of that family");

    private static RouteSpec Route(IPAddress ip, string bridge) =>
        new() { Destination = new IPNetwork(ip, ip.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32), Device = bridge };

    private static string Protocol(Config.Model.ForwardSpec forward) => forward.Protocol.ToString().ToLowerInvariant();
}
