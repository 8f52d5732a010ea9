using System.Net.NetworkInformation;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Encoding.Structs;
using Conlink.Netlink.Namespaces;

namespace Conlink.Netlink.Links;

/// <summary>
/// Encodes link requests. Attribute order follows iproute2's (settings, IFLA_LINK, IFLA_IFNAME,
/// IFLA_LINKINFO), so our requests compare byte for byte with what <c>ip link add</c> sends.
/// </summary>
internal static class LinkEncoding
{
    public static void WriteNewLink(MessageWriter writer, LinkDefinition link)
    {
        writer.WriteFixed(Header(index: 0, up: link.Up ? true : null));
        WriteSettings(writer, link.Mac, link.Mtu, link.MasterIndex, link.Namespace);
        if (link.RequestParentIndex is { } parent) writer.WriteU32(LinkAttribute.Link, (uint)parent);
        writer.WriteString(LinkAttribute.IfName, link.Name);
        var info = writer.BeginNested(LinkAttribute.LinkInfo);
        writer.WriteString(LinkInfoAttribute.Kind, link.Kind, nulTerminated: false);
        link.WriteInfoData(writer);
        writer.EndNested(info);
    }

    /// <summary>The ifinfomsg of a request: <paramref name="up"/> sets or clears IFF_UP; null leaves it alone.</summary>
    public static IfInfoMsg Header(int index, bool? up) => new()
    {
        Index = index,
        Flags = up == true ? (uint)InterfaceFlags.Up : 0,
        Change = up is null ? 0 : (uint)InterfaceFlags.Up,
    };

    public static void WriteSettings(MessageWriter writer, PhysicalAddress? mac, int? mtu, int? masterIndex, NetNs? ns)
    {
        if (mac is not null) writer.WriteMac(LinkAttribute.Address, mac);
        if (mtu is { } m) writer.WriteU32(LinkAttribute.Mtu, checked((uint)m));
        if (masterIndex is { } master) writer.WriteU32(LinkAttribute.Master, (uint)master);
        if (ns is not null) writer.WriteU32(LinkAttribute.NetNsFd, ns.FdNumber);
    }
}
