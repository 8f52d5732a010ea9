using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Encoding.Structs;
using Conlink.Syntax.Routes;

namespace Conlink.Netlink.Routes;

/// <summary>Encodes route requests as <c>ip route add/del</c> does, and decodes route messages.</summary>
internal static class RouteEncoding
{
    /// <summary>
    /// Writes a route request. Additions are static unicast routes (protocol boot, as iproute2's);
    /// scope is link for a route without a gateway. Deletions match any protocol, scope and type.
    /// IPv6 routes are written as <c>ip -6 route</c> writes them: always universe scope (the kernel
    /// has no other for IPv6), and the default route as an explicit <c>::/0</c> destination.
    /// </summary>
    public static void Write(MessageWriter writer, RouteSpec route, int? deviceIndex, bool delete)
    {
        var table = route.Table ?? RouteSpec.MainTable;
        var ipv6 = route.Family == AddressFamily.InterNetworkV6;
        writer.WriteFixed(new RtMsg
        {
            Family = AddressEncoding.Family(route.Family),
            DestinationLength = (byte)(route.Destination?.PrefixLength ?? 0),
            Table = table < 256 ? (byte)table : RtMsg.TableUnspec,
            Protocol = delete ? (byte)0 : RtMsg.ProtocolBoot,
            Scope = ipv6 ? RtMsg.ScopeUniverse : delete ? RtMsg.ScopeNowhere : route.Gateway is null ? RtMsg.ScopeLink : RtMsg.ScopeUniverse,
            Type = delete ? (byte)0 : RtMsg.TypeUnicast,
            Flags = route.OnLink ? RtMsg.FlagOnLink : 0,
        });
        if (route.Destination is { } destination) writer.WriteAddress(RouteAttribute.Destination, destination.BaseAddress);
        // A destination, not a listener: `ip -6 route add default` sends RTA_DST :: with dst_len 0 too.
        else if (ipv6) writer.WriteAddress(RouteAttribute.Destination, IPAddress.IPv6Any);
        if (route.Gateway is not null) writer.WriteAddress(RouteAttribute.Gateway, route.Gateway);
        if (route.Metric is { } metric) writer.WriteU32(RouteAttribute.Priority, metric);
        if (route.Source is not null) writer.WriteAddress(RouteAttribute.PreferredSource, route.Source);
        if (table >= 256) writer.WriteU32(RouteAttribute.Table, table);
        if (deviceIndex is { } index) writer.WriteU32(RouteAttribute.OutputInterface, (uint)index);
    }

    public static Route? Parse(MessageType type, ReadOnlySpan<byte> payload)
    {
        if (type != MessageType.NewRoute) return null;
        var header = MemoryMarshal.Read<RtMsg>(payload);
        if (header.Type != RtMsg.TypeUnicast) return null;
        var attributes = new AttributeReader(payload[MessageWriter.Align(Marshal.SizeOf<RtMsg>())..]);
        IPAddress? destination = null, gateway = null, source = null;
        int? device = null;
        uint? metric = null;
        uint table = header.Table;
        while (attributes.Next(out var id, out var value))
        {
            switch ((RouteAttribute)id)
            {
                case RouteAttribute.Destination: destination = AttributeValue.Address(value); break;
                case RouteAttribute.Gateway: gateway = AttributeValue.Address(value); break;
                case RouteAttribute.PreferredSource: source = AttributeValue.Address(value); break;
                case RouteAttribute.OutputInterface: device = (int)AttributeValue.U32(value); break;
                case RouteAttribute.Priority: metric = AttributeValue.U32(value); break;
                case RouteAttribute.Table: table = AttributeValue.U32(value); break;
            }
        }
        return new Route
        {
            Destination = destination is null ? null : new IPNetwork(destination, header.DestinationLength),
            Gateway = gateway,
            DeviceIndex = device,
            Metric = metric,
            Source = source,
            Table = table,
            Scope = (AddressScope)header.Scope,
            OnLink = (header.Flags & RtMsg.FlagOnLink) != 0,
        };
    }
}
