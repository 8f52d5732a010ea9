namespace Conlink.Netlink.Neighbours;

/// <summary>NTF_* flags (linux/neighbour.h): which table an FDB entry goes to, and how it was made.</summary>
[Flags]
public enum NeighbourFlags : byte
{
    None = 0,
    Use = 0x01,
    /// <summary>The device's own table (a vxlan's remotes; a bridge's own addresses). <c>bridge fdb</c>'s default.</summary>
    Self = 0x02,
    /// <summary>The table of the bridge the device is a port of (<c>bridge fdb ... master</c>).</summary>
    Master = 0x04,
    Proxy = 0x08,
    /// <summary>Learned by an external control plane (switchdev, EVPN).</summary>
    ExternallyLearned = 0x10,
    Offloaded = 0x20,
    Sticky = 0x40,
    Router = 0x80,
}
