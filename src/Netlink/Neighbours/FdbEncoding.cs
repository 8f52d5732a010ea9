using System.Net;
using System.Runtime.InteropServices;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Encoding.Structs;
using Conlink.Netlink.Links;

namespace Conlink.Netlink.Neighbours;

/// <summary>
/// Encodes FDB requests as <c>bridge fdb add/append/replace/del</c> does (attributes in its order:
/// MAC, destination, VLAN, port, VNI, via) and decodes the entries of an AF_BRIDGE neighbour dump.
/// </summary>
internal static class FdbEncoding
{
    public static void Write(MessageWriter writer, FdbEntry entry, int deviceIndex)
    {
        writer.WriteFixed(new NdMsg
        {
            Family = NdMsg.FamilyBridge,
            Index = deviceIndex,
            State = (ushort)entry.State,
            Flags = (byte)entry.Flags,
        });
        writer.WriteMac(NeighbourAttribute.LinkLayerAddress, entry.Mac);
        if (entry.Destination is not null) writer.WriteAddress(NeighbourAttribute.Destination, entry.Destination);
        if (entry.Vlan is { } vlan) writer.WriteU16(NeighbourAttribute.Vlan, vlan);
        if (entry.Port is { } port) writer.WriteU16BigEndian(NeighbourAttribute.Port, port);
        if (entry.Vni is { } vni) writer.WriteU32(NeighbourAttribute.Vni, vni);
        if (entry.ViaIndex is { } via) writer.WriteU32(NeighbourAttribute.Interface, (uint)via);
    }

    /// <summary>
    /// A dump request: every entry, or those of one device (the header's index) and/or one bridge
    /// (NDA_MASTER). With strict checking the kernel wants state, flags and type left zero.
    /// </summary>
    public static void WriteDump(MessageWriter writer, int deviceIndex, int bridgeIndex)
    {
        writer.WriteFixed(new NdMsg { Family = NdMsg.FamilyBridge, Index = deviceIndex });
        if (bridgeIndex > 0) writer.WriteU32(NeighbourAttribute.Master, (uint)bridgeIndex);
    }

    public static FdbEntry? Parse(MessageType type, ReadOnlySpan<byte> payload)
    {
        if (type != MessageType.NewNeigh) return null;
        var header = MemoryMarshal.Read<NdMsg>(payload);
        if (header.Family != NdMsg.FamilyBridge || header.Index <= 0) return null;
        var attributes = new AttributeReader(payload[MessageWriter.Align(Marshal.SizeOf<NdMsg>())..]);
        System.Net.NetworkInformation.PhysicalAddress? mac = null;
        IPAddress? destination = null;
        uint? vni = null;
        ushort? port = null, vlan = null;
        int? via = null, master = null;
        while (attributes.Next(out var id, out var value))
        {
            switch ((NeighbourAttribute)id)
            {
                case NeighbourAttribute.LinkLayerAddress when value.Length == 6: mac = AttributeValue.Mac(value); break;
                case NeighbourAttribute.Destination when value.Length is 4 or 16: destination = AttributeValue.Address(value); break;
                case NeighbourAttribute.Vni: vni = AttributeValue.U32(value); break;
                case NeighbourAttribute.Port: port = AttributeValue.U16BigEndian(value); break;
                case NeighbourAttribute.Vlan: vlan = AttributeValue.U16(value); break;
                case NeighbourAttribute.Interface: via = (int)AttributeValue.U32(value); break;
                case NeighbourAttribute.Master: master = (int)AttributeValue.U32(value); break;
            }
        }
        if (mac is null) return null;
        return new FdbEntry(mac, new LinkRef(header.Index))
        {
            Destination = destination,
            Vni = vni,
            Port = port,
            ViaIndex = via is > 0 ? via : null,
            Vlan = vlan,
            State = (NeighbourState)header.State,
            Flags = (NeighbourFlags)header.Flags,
            MasterIndex = master is > 0 ? master : null,
        };
    }
}
