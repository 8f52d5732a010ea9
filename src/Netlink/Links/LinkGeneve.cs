using System.Net;
using System.Net.Sockets;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;

namespace Conlink.Netlink.Links;

/// <summary>A Geneve tunnel endpoint.</summary>
public sealed record LinkGeneve(string Name, uint Vni, IPAddress Remote) : LinkDefinition(Name)
{
    public override string Kind => "geneve";

    public uint Vni { get; } = Vni < 1u << 24 ? Vni : throw new ArgumentOutOfRangeException(nameof(Vni), Vni, "a VNI has 24 bits");

    /// <summary>Destination UDP port; null leaves the kernel's default (6081).</summary>
    public ushort? Port { get; init; }

    /// <remarks>Like iproute2 on creation, this always sends label, TTL and TOS (0 = kernel defaults).</remarks>
    internal override void WriteInfoData(MessageWriter writer)
    {
        var data = writer.BeginNested(LinkInfoAttribute.Data);
        writer.WriteU32(GeneveAttribute.Id, Vni);
        writer.WriteAddress(Remote.AddressFamily == AddressFamily.InterNetworkV6 ? GeneveAttribute.Remote6 : GeneveAttribute.Remote, Remote);
        writer.WriteU32(GeneveAttribute.Label, 0);
        writer.WriteU8(GeneveAttribute.Ttl, 0);
        writer.WriteU8(GeneveAttribute.Tos, 0);
        if (Port is { } port) writer.WriteU16BigEndian(GeneveAttribute.Port, port);
        writer.EndNested(data);
    }
}
