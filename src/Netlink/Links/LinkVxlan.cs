using System.Net;
using System.Net.Sockets;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;

namespace Conlink.Netlink.Links;

/// <summary>A VXLAN tunnel endpoint.</summary>
public sealed record LinkVxlan(string Name, uint Vni) : LinkDefinition(Name)
{
    public override string Kind => "vxlan";

    public uint Vni { get; } = Vni < 1u << 24 ? Vni : throw new ArgumentOutOfRangeException(nameof(Vni), Vni, "a VNI has 24 bits");

    /// <summary>The remote endpoint (unicast) or multicast group.</summary>
    public IPAddress? Remote { get; init; }

    public IPAddress? Local { get; init; }

    /// <summary>Destination UDP port; null leaves the kernel's default (8472), as <c>ip link add ... type vxlan</c> without <c>dstport</c> does.</summary>
    public ushort? Port { get; init; }

    /// <summary>The underlay interface, by index.</summary>
    public int? UnderlayIndex { get; init; }

    /// <summary>Learn remote MACs from received packets; null leaves the kernel's default (on).</summary>
    public bool? Learning { get; init; }

    internal override void WriteInfoData(MessageWriter writer)
    {
        var data = writer.BeginNested(LinkInfoAttribute.Data);
        writer.WriteU32(VxlanAttribute.Id, Vni);
        if (Remote is not null)
            writer.WriteAddress(Remote.AddressFamily == AddressFamily.InterNetworkV6 ? VxlanAttribute.Group6 : VxlanAttribute.Group, Remote);
        if (Local is not null)
            writer.WriteAddress(Local.AddressFamily == AddressFamily.InterNetworkV6 ? VxlanAttribute.Local6 : VxlanAttribute.Local, Local);
        if (UnderlayIndex is { } underlay) writer.WriteU32(VxlanAttribute.Link, (uint)underlay);
        if (Learning is { } learning) writer.WriteU8(VxlanAttribute.Learning, learning ? (byte)1 : (byte)0);
        if (Port is { } port) writer.WriteU16BigEndian(VxlanAttribute.Port, port);
        writer.EndNested(data);
    }
}
