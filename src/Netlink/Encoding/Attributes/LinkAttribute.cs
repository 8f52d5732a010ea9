namespace Conlink.Netlink.Encoding.Attributes;

/// <summary>IFLA_* attributes of link messages (linux/if_link.h).</summary>
internal enum LinkAttribute : ushort
{
    Address = 1,
    Broadcast = 2,
    IfName = 3,
    Mtu = 4,
    /// <summary>The parent (for *vlan types) or the peer (for veth), by index.</summary>
    Link = 5,
    Qdisc = 6,
    Master = 10,
    TxQueueLength = 13,
    /// <summary>A free-form description of the link (<c>ip link set ... alias TEXT</c>).</summary>
    IfAlias = 20,
    OperState = 16,
    /// <summary>The link's counters as <c>struct rtnl_link_stats64</c>; left out when IFLA_EXT_MASK asks to skip statistics.</summary>
    Stats64 = 23,
    LinkInfo = 18,
    /// <summary>Per address family settings of the link, nested by family.</summary>
    AfSpec = 26,
    NetNsPid = 19,
    NetNsFd = 28,
    ExtMask = 29,
    /// <summary>The namespace (as an id local to this one) in which <see cref="Link"/> lives.</summary>
    LinkNetNsId = 37,
}

/// <summary>IFLA_INFO_* attributes nested in <see cref="LinkAttribute.LinkInfo"/>.</summary>
internal enum LinkInfoAttribute : ushort
{
    Kind = 1,
    Data = 2,
    SlaveKind = 4,
}

/// <summary>Address families nested in <see cref="LinkAttribute.AfSpec"/>.</summary>
internal enum AfSpecFamily : ushort
{
    Inet = 2,
}

/// <summary>IFLA_INET_* attributes nested in the AF_INET part of <see cref="LinkAttribute.AfSpec"/>.</summary>
internal enum InetAttribute : ushort
{
    /// <summary>The link's IPv4 settings, one attribute per IPV4_DEVCONF_* id.</summary>
    Conf = 1,
}

/// <summary>IPV4_DEVCONF_* ids (linux/ip.h), as in <c>/proc/sys/net/ipv4/conf/DEV/</c>.</summary>
internal enum Ipv4DevConf : ushort
{
    Forwarding = 1,
}
