using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Netlink.Links;
using Conlink.Netlink.Namespaces;
using Conlink.Syntax.LinkModes;

namespace Conlink.Kernel.Links;

/// <summary>
/// A macvlan, macvtap, ipvlan, ipvtap or vlan link on a host interface (its parent). It is created
/// from the host's namespace straight into the container's (IFLA_NET_NS_FD), so it is never seen
/// on the host and never moved, unlike the original, which made it on the host and moved it.
/// </summary>
internal static class HostChildLink
{
    /// <summary>The planned MTU, or the parent's when none is planned, never above the parent's (the kernel refuses that).</summary>
    public static int Mtu(LinkPlan link, Link parent) => Math.Min(link.Mtu ?? parent.Mtu, parent.Mtu);

    /// <summary>ipvlan and ipvtap links share their parent's MAC, so they are given none.</summary>
    public static bool HasOwnMac(LinkType type) => type is not (LinkType.Ipvlan or LinkType.Ipvtap);

    public static LinkDefinition Definition(LinkPlan link, string name, Link parent, NetNs container)
    {
        LinkDefinition definition = link.Type switch
        {
            LinkType.Macvlan => new LinkMacvlan(name, parent.Index) { Mode = MacvlanMode(link) },
            LinkType.Macvtap => new LinkMacvtap(name, parent.Index) { Mode = MacvlanMode(link) },
            LinkType.Ipvlan => Ipvlan(new LinkIpvlan(name, parent.Index), link),
            LinkType.Ipvtap => Ipvlan(new LinkIpvtap(name, parent.Index), link),
            LinkType.Vlan => new LinkVlan(name, parent.Index, (ushort)(link.VlanId
                ?? throw new ArgumentException($"{link.Id}: a vlan link needs vlanid"))),
            _ => throw new ArgumentException($"{link.Id}: {link.Type} is not a host-parent link type"),
        };
        return definition with { Mac = HasOwnMac(link.Type) ? link.Mac : null, Mtu = Mtu(link, parent), Namespace = container };
    }

    /// <summary>The planned mode, or none (the kernel's default, vepa).</summary>
    private static MacvlanMode? MacvlanMode(LinkPlan link) => link.Mode?.Value switch
    {
        null => null,
        MacvlanLinkMode macvlan => macvlan.Mode,
        var other => throw new ArgumentException($"{link.Id}: '{other}' is not a {KernelContainerNetwork.KindOf(link.Type)} mode"),
    };

    /// <summary>The planned mode and flag, or none (the kernel's default, l3 with bridge).</summary>
    private static LinkIpvlan Ipvlan(LinkIpvlan definition, LinkPlan link) => link.Mode?.Value switch
    {
        null => definition,
        IpvlanLinkMode ipvlan => definition with { Mode = ipvlan.Mode, Flags = ipvlan.Flags },
        var other => throw new ArgumentException($"{link.Id}: '{other}' is not a {KernelContainerNetwork.KindOf(link.Type)} mode"),
    };
}
