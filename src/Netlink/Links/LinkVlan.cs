using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;

namespace Conlink.Netlink.Links;

/// <summary>An 802.1Q VLAN on a parent interface.</summary>
public sealed record LinkVlan(string Name, int ParentIndex, ushort VlanId) : LinkDefinition(Name)
{
    public override string Kind => "vlan";

    public ushort VlanId { get; } = VlanId is >= 1 and <= 4094
        ? VlanId
        : throw new ArgumentOutOfRangeException(nameof(VlanId), VlanId, "a VLAN id is between 1 and 4094");

    internal override int? RequestParentIndex => ParentIndex;

    internal override void WriteInfoData(MessageWriter writer)
    {
        var data = writer.BeginNested(LinkInfoAttribute.Data);
        writer.WriteU16(VlanAttribute.Id, VlanId);
        writer.EndNested(data);
    }
}
