namespace Conlink.Netlink.Encoding.Attributes;

/// <summary>NDA_* attributes of neighbour messages (linux/neighbour.h).</summary>
internal enum NeighbourAttribute : ushort
{
    /// <summary>The network address: for a vxlan FDB entry, the remote tunnel endpoint.</summary>
    Destination = 1,
    /// <summary>The link-layer (MAC) address.</summary>
    LinkLayerAddress = 2,
    CacheInfo = 3,
    Vlan = 5,
    /// <summary>The remote UDP port of a vxlan entry, network byte order.</summary>
    Port = 6,
    Vni = 7,
    /// <summary>The interface a vxlan entry sends through (<c>bridge fdb ... via DEV</c>).</summary>
    Interface = 8,
    /// <summary>The bridge a port's entry belongs to; a dump filter too.</summary>
    Master = 9,
    SourceVni = 11,
}
