using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Encoding.Structs;

namespace Conlink.Netlink.Addresses;

/// <summary>Encodes and decodes address messages the way <c>ip addr add/del</c> does.</summary>
internal static class AddressEncoding
{
    public static void Write(MessageWriter writer, int linkIndex, InterfaceAddress address)
    {
        writer.WriteFixed(new IfAddrMsg
        {
            Family = Family(address.Family),
            PrefixLength = (byte)address.PrefixLength,
            Scope = (byte)(IPAddress.IsLoopback(address.Address) ? AddressScope.Host : AddressScope.Universe),
            Index = linkIndex,
        });
        writer.WriteAddress(AddressAttribute.Local, address.Address);
        writer.WriteAddress(AddressAttribute.Address, address.Address);
    }

    public static byte Family(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => 2,
        AddressFamily.InterNetworkV6 => 10,
        AddressFamily.Unspecified => 0,
        _ => throw new ArgumentException($"address family {family} is not supported", nameof(family)),
    };

    public static LinkAddress? Parse(MessageType type, ReadOnlySpan<byte> payload)
    {
        if (type != MessageType.NewAddr) return null;
        var header = MemoryMarshal.Read<IfAddrMsg>(payload);
        var attributes = new AttributeReader(payload[MessageWriter.Align(Marshal.SizeOf<IfAddrMsg>())..]);
        IPAddress? local = null, address = null;
        string? label = null;
        while (attributes.Next(out var id, out var value))
        {
            switch ((AddressAttribute)id)
            {
                case AddressAttribute.Local: local = AttributeValue.Address(value); break;
                case AddressAttribute.Address: address = AttributeValue.Address(value); break;
                case AddressAttribute.Label: label = AttributeValue.String(value); break;
            }
        }
        var ip = local ?? address;
        return ip is null ? null : new LinkAddress(header.Index, new InterfaceAddress(ip, header.PrefixLength), (AddressScope)header.Scope, label);
    }
}
