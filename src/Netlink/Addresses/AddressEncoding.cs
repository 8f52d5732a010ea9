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
    /// <summary>
    /// Writes an address request. As iproute2 does, flags that fit in 8 bits (such as nodad) go in
    /// the header, others in IFA_FLAGS (after IFA_LOCAL; the kernel then ignores the header's);
    /// only IPv4 loopback addresses get host scope (the kernel derives IPv6 scopes itself).
    /// </summary>
    public static void Write(MessageWriter writer, int linkIndex, InterfaceAddress address, AddressFlags flags = AddressFlags.None)
    {
        writer.WriteFixed(new IfAddrMsg
        {
            Family = Family(address.Family),
            PrefixLength = (byte)address.PrefixLength,
            Flags = (uint)flags <= 0xff ? (byte)flags : (byte)0,
            Scope = (byte)(address.Family == AddressFamily.InterNetwork && IPAddress.IsLoopback(address.Address) ? AddressScope.Host : AddressScope.Universe),
            Index = linkIndex,
        });
        writer.WriteAddress(AddressAttribute.Local, address.Address);
        if ((uint)flags > 0xff) writer.WriteU32(AddressAttribute.Flags, (uint)flags);
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
        var flags = (AddressFlags)header.Flags;
        while (attributes.Next(out var id, out var value))
        {
            switch ((AddressAttribute)id)
            {
                case AddressAttribute.Local: local = AttributeValue.Address(value); break;
                case AddressAttribute.Address: address = AttributeValue.Address(value); break;
                case AddressAttribute.Label: label = AttributeValue.String(value); break;
                // The header has only the low 8 bits; IFA_FLAGS has them all.
                case AddressAttribute.Flags: flags = (AddressFlags)AttributeValue.U32(value); break;
            }
        }
        var ip = local ?? address;
        return ip is null ? null : new LinkAddress(header.Index, new InterfaceAddress(ip, header.PrefixLength), (AddressScope)header.Scope, label) { Flags = flags };
    }
}
