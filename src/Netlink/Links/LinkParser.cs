using System.Runtime.InteropServices;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Encoding.Structs;

namespace Conlink.Netlink.Links;

/// <summary>Decodes RTM_NEWLINK/RTM_DELLINK messages into <see cref="Link"/>, and RTM_NEWSTATS into <see cref="LinkStatisticsEntry"/>.</summary>
internal static class LinkParser
{
    /// <summary>Decodes a link without its counters (notifications carry them too; only those who ask get them).</summary>
    public static Link? Parse(MessageType type, ReadOnlySpan<byte> payload) => Parse(type, payload, statistics: false);

    public static Link? ParseWithStatistics(MessageType type, ReadOnlySpan<byte> payload) => Parse(type, payload, statistics: true);

    private static Link? Parse(MessageType type, ReadOnlySpan<byte> payload, bool statistics)
    {
        if (type is not (MessageType.NewLink or MessageType.DelLink)) return null;
        var header = MemoryMarshal.Read<IfInfoMsg>(payload);
        var attributes = new AttributeReader(payload[MessageWriter.Align(Marshal.SizeOf<IfInfoMsg>())..]);
        string? name = null, kind = null, slaveKind = null, alias = null;
        System.Net.NetworkInformation.PhysicalAddress? mac = null;
        int mtu = 0;
        int? master = null, parent = null, parentNamespace = null;
        TunnelEndpoint? tunnel = null;
        LinkStatistics? stats = null;
        while (attributes.Next(out var id, out var value))
        {
            switch ((LinkAttribute)id)
            {
                case LinkAttribute.IfName: name = AttributeValue.String(value); break;
                case LinkAttribute.Address: mac = AttributeValue.Mac(value); break;
                case LinkAttribute.Mtu: mtu = (int)AttributeValue.U32(value); break;
                case LinkAttribute.IfAlias: alias = AttributeValue.String(value); break;
                case LinkAttribute.Master: master = (int)AttributeValue.U32(value); break;
                case LinkAttribute.Link: parent = (int)AttributeValue.U32(value); break;
                case LinkAttribute.LinkNetNsId: parentNamespace = AttributeValue.I32(value); break;
                case LinkAttribute.LinkInfo: ReadLinkInfo(value, ref kind, ref slaveKind, ref tunnel); break;
                case LinkAttribute.Stats64 when statistics: stats = ReadStatistics(AttributeValue.StructPrefix<RtnlLinkStats64>(value)); break;
            }
        }
        return new Link
        {
            Index = header.Index,
            Name = name ?? "",
            Kind = kind,
            SlaveKind = slaveKind,
            Mac = mac,
            Mtu = mtu,
            Alias = alias,
            Flags = (InterfaceFlags)header.Flags,
            MasterIndex = master is 0 ? null : master,
            // A device that is its own parent reports IFLA_LINK = its index; a veth whose peer lives in
            // another namespace (IFLA_LINK_NETNSID set) may have the same index as that peer.
            ParentIndex = parent is 0 || (parent == header.Index && parentNamespace is null) ? null : parent,
            ParentNamespaceId = parentNamespace,
            Tunnel = tunnel,
            Statistics = stats,
        };
    }

    /// <summary>Decodes an RTM_NEWSTATS reply that carries IFLA_STATS_LINK_64; null for any other.</summary>
    public static LinkStatisticsEntry? ParseStatisticsEntry(MessageType type, ReadOnlySpan<byte> payload)
    {
        if (type != MessageType.NewStats || payload.Length < Marshal.SizeOf<IfStatsMsg>()) return null;
        var header = MemoryMarshal.Read<IfStatsMsg>(payload);
        var attributes = new AttributeReader(payload[MessageWriter.Align(Marshal.SizeOf<IfStatsMsg>())..]);
        while (attributes.Next(out var id, out var value))
            if ((StatsAttribute)id == StatsAttribute.Link64)
                return new LinkStatisticsEntry(header.Index, ReadStatistics(AttributeValue.StructPrefix<RtnlLinkStats64>(value)));
        return null;
    }

    private static LinkStatistics ReadStatistics(in RtnlLinkStats64 stats) => new()
    {
        RxBytes = stats.RxBytes,
        RxPackets = stats.RxPackets,
        RxErrors = stats.RxErrors,
        RxDropped = stats.RxDropped,
        Multicast = stats.Multicast,
        TxBytes = stats.TxBytes,
        TxPackets = stats.TxPackets,
        TxErrors = stats.TxErrors,
        TxDropped = stats.TxDropped,
        Collisions = stats.Collisions,
        RxNoHandler = stats.RxNoHandler,
    };

    private static void ReadLinkInfo(ReadOnlySpan<byte> linkInfo, ref string? kind, ref string? slaveKind, ref TunnelEndpoint? tunnel)
    {
        var attributes = new AttributeReader(linkInfo);
        while (attributes.Next(out var id, out var value))
        {
            switch ((LinkInfoAttribute)id)
            {
                case LinkInfoAttribute.Kind: kind = AttributeValue.String(value); break;
                case LinkInfoAttribute.SlaveKind: slaveKind = AttributeValue.String(value); break;
                // The kernel writes IFLA_INFO_KIND before IFLA_INFO_DATA, so the kind is known here.
                case LinkInfoAttribute.Data when kind == "vxlan":
                    tunnel = ReadTunnel(value, (ushort)VxlanAttribute.Id, (ushort)VxlanAttribute.Group, (ushort)VxlanAttribute.Group6, (ushort)VxlanAttribute.Port);
                    break;
                case LinkInfoAttribute.Data when kind == "geneve":
                    tunnel = ReadTunnel(value, (ushort)GeneveAttribute.Id, (ushort)GeneveAttribute.Remote, (ushort)GeneveAttribute.Remote6, (ushort)GeneveAttribute.Port);
                    break;
            }
        }
    }

    private static TunnelEndpoint ReadTunnel(ReadOnlySpan<byte> data, ushort vniId, ushort remoteId, ushort remote6Id, ushort portId)
    {
        uint vni = 0;
        System.Net.IPAddress? remote = null;
        ushort? port = null;
        var attributes = new AttributeReader(data);
        while (attributes.Next(out var id, out var value))
        {
            if (id == vniId) vni = AttributeValue.U32(value);
            else if (id == remoteId || id == remote6Id) remote = AttributeValue.Address(value);
            else if (id == portId) port = AttributeValue.U16BigEndian(value);
        }
        return new TunnelEndpoint(vni, remote, port);
    }
}
