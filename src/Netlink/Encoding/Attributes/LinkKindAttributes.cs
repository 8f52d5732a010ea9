namespace Conlink.Netlink.Encoding.Attributes;

/// <summary>VETH_INFO_* (linux/veth.h).</summary>
internal enum VethAttribute : ushort
{
    /// <summary>The peer: an ifinfomsg followed by link attributes.</summary>
    Peer = 1,
}

/// <summary>IFLA_VXLAN_*.</summary>
internal enum VxlanAttribute : ushort
{
    Id = 1,
    Group = 2,
    Link = 3,
    Local = 4,
    Learning = 7,
    /// <summary>Destination UDP port, network byte order.</summary>
    Port = 15,
    Group6 = 16,
    Local6 = 17,
}

/// <summary>IFLA_GENEVE_*.</summary>
internal enum GeneveAttribute : ushort
{
    Id = 1,
    Remote = 2,
    Ttl = 3,
    Tos = 4,
    /// <summary>Destination UDP port, network byte order.</summary>
    Port = 5,
    Remote6 = 7,
    Label = 11,
}

/// <summary>IFLA_MACVLAN_* (shared by macvtap).</summary>
internal enum MacvlanAttribute : ushort
{
    Mode = 1,
    Flags = 2,
}

/// <summary>IFLA_IPVLAN_* (shared by ipvtap).</summary>
internal enum IpvlanAttribute : ushort
{
    Mode = 1,
    Flags = 2,
}

/// <summary>IFLA_VLAN_*.</summary>
internal enum VlanAttribute : ushort
{
    Id = 1,
    Flags = 2,
    Protocol = 5,
}
