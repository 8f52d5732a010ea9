using System.Net;
using System.Net.NetworkInformation;
using System.Text;
using Conlink.Netlink.Links;

namespace Conlink.Netlink.Neighbours;

/// <summary>
/// A forwarding database entry, as <c>bridge fdb add|append|replace|del</c> takes it and
/// <c>bridge fdb show</c> lists it: which device (and, for a vxlan, which remote endpoint) a MAC
/// is reached through. The defaults are <c>bridge fdb</c>'s: the device's own table
/// (<see cref="NeighbourFlags.Self"/>) and an entry that never ages out
/// (<see cref="NeighbourState.FdbPermanent"/>). An entry read back from <see cref="NetlinkHandle.FdbList"/>
/// can be passed to <see cref="NetlinkHandle.FdbDel"/> as it is.
/// </summary>
public sealed record FdbEntry
{
    /// <summary>The all-zeros MAC: a vxlan's entries for it are where flooded (broadcast, unknown, multicast) frames go, one copy per remote.</summary>
    public static PhysicalAddress FloodMac => new(new byte[6]);

    public FdbEntry(PhysicalAddress mac, LinkRef device)
    {
        ArgumentNullException.ThrowIfNull(mac);
        if (mac.GetAddressBytes().Length != 6) throw new ArgumentException($"an FDB entry needs a 6-byte MAC, not '{mac}'", nameof(mac));
        if (device.IsEmpty) throw new ArgumentException("an FDB entry needs a device", nameof(device));
        Mac = mac;
        Device = device;
    }

    /// <summary><c>bridge fdb append 00:00:00:00:00:00 dev DEVICE dst DESTINATION</c>: flood to one more remote (head-end replication).</summary>
    public static FdbEntry Flood(LinkRef device, IPAddress destination) => new(FloodMac, device) { Destination = destination };

    public PhysicalAddress Mac { get; }

    /// <summary>The device the entry is on: a vxlan for remotes, a bridge port for <see cref="NeighbourFlags.Master"/> entries.</summary>
    public LinkRef Device { get; }

    /// <summary>NDA_DST: the remote tunnel endpoint of a vxlan entry (IPv4 or IPv6, the vxlan's own family).</summary>
    public IPAddress? Destination { get; init; }

    /// <summary>NDA_VNI: the remote's VNI when it is not the device's.</summary>
    public uint? Vni
    {
        get;
        init => field = value is null or < 1u << 24 ? value : throw new ArgumentOutOfRangeException(nameof(Vni), value, "a VNI has 24 bits");
    }

    /// <summary>NDA_PORT: the remote's UDP port when it is not the device's.</summary>
    public ushort? Port { get; init; }

    /// <summary>NDA_IFINDEX: the underlay interface to reach the remote through (<c>via DEV</c>), by index.</summary>
    public int? ViaIndex { get; init; }

    /// <summary>NDA_VLAN: the VLAN of a bridge entry (on a VLAN-filtering bridge).</summary>
    public ushort? Vlan { get; init; }

    public NeighbourState State { get; init; } = NeighbourState.FdbPermanent;

    public NeighbourFlags Flags { get; init; } = NeighbourFlags.Self;

    /// <summary>NDA_MASTER as the kernel reports it: the bridge a port's entry belongs to. Not sent in requests.</summary>
    public int? MasterIndex { get; init; }

    /// <summary>Whether the entry is in the device's own table (as opposed to its bridge's).</summary>
    public bool IsSelf => (Flags & NeighbourFlags.Self) != 0;

    /// <summary>The <c>bridge fdb</c> form: <c>00:00:00:00:00:00 dev vx0 dst 10.0.0.2 self permanent</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(FormatMac(Mac)).Append(" dev ").Append(Device);
        if (Destination is not null) text.Append(" dst ").Append(Destination);
        if (Vni is { } vni) text.Append(" vni ").Append(vni);
        if (Port is { } port) text.Append(" port ").Append(port);
        if (ViaIndex is { } via) text.Append(" via #").Append(via);
        if (Vlan is { } vlan) text.Append(" vlan ").Append(vlan);
        if ((Flags & NeighbourFlags.Self) != 0) text.Append(" self");
        if ((Flags & NeighbourFlags.Master) != 0) text.Append(" master");
        text.Append(State switch
        {
            NeighbourState.FdbPermanent or NeighbourState.Permanent => " permanent",
            NeighbourState.FdbStatic or NeighbourState.NoArp => " static",
            _ when (State & NeighbourState.Stale) != 0 => " stale",
            _ => "",
        });
        return text.ToString();
    }

    internal static string FormatMac(PhysicalAddress mac) => string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2")));
}
