using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Namespaces;
using Conlink.Syntax;

namespace Conlink.Netlink.Links;

/// <summary>A veth pair: this end, and a <see cref="VethPeer"/> that may be created directly in another namespace.</summary>
public sealed record LinkVeth(string Name, VethPeer Peer) : LinkDefinition(Name)
{
    public override string Kind => "veth";

    internal override void WriteInfoData(MessageWriter writer)
    {
        var data = writer.BeginNested(LinkInfoAttribute.Data);
        var peer = writer.BeginNested(VethAttribute.Peer);
        writer.WriteFixed(LinkEncoding.Header(index: 0, up: null));
        LinkEncoding.WriteSettings(writer, Peer.Mac, Peer.Mtu, masterIndex: null, Peer.Namespace);
        writer.WriteString(LinkAttribute.IfName, Peer.Name);
        writer.EndNested(peer);
        writer.EndNested(data);
    }

    internal override void PinNamespaces(ref NamespacePins pins)
    {
        base.PinNamespaces(ref pins);
        pins.Pin(Peer.Namespace);
    }
}

/// <summary>
/// The other end of a veth pair, with its own name, MAC, MTU and namespace. It cannot be brought up
/// as part of the creation (the kernel answers ENOTCONN), so set it up afterwards from its namespace.
/// </summary>
public sealed record VethPeer
{
    public VethPeer(string name) => Name = InterfaceName.Validate(name);

    public string Name { get; }

    public System.Net.NetworkInformation.PhysicalAddress? Mac { get; init; }

    public int? Mtu { get; init; }

    /// <summary>Create the peer in this namespace; null keeps it beside the first end.</summary>
    public NetNs? Namespace { get; init; }
}
