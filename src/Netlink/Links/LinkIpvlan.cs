using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Syntax.LinkModes;

namespace Conlink.Netlink.Links;

/// <summary>An ipvlan on a parent interface. <see cref="LinkIpvtap"/> is the tap flavour.</summary>
public record LinkIpvlan(string Name, int ParentIndex) : LinkDefinition(Name)
{
    public override string Kind => "ipvlan";

    /// <summary>null leaves the kernel's default (l3).</summary>
    public IpvlanMode? Mode { get; init; }

    public IpvlanFlags Flags { get; init; }

    internal override int? RequestParentIndex => ParentIndex;

    /// <remarks>As iproute2 does, flags are sent whenever any option is given, and nothing at all otherwise.</remarks>
    internal override void WriteInfoData(MessageWriter writer)
    {
        if (Mode is null && Flags == IpvlanFlags.Bridge) return;
        var data = writer.BeginNested(LinkInfoAttribute.Data);
        if (Mode is { } mode) writer.WriteU16(IpvlanAttribute.Mode, (ushort)mode);
        writer.WriteU16(IpvlanAttribute.Flags, (ushort)Flags);
        writer.EndNested(data);
    }
}

/// <summary>An ipvtap: an ipvlan with a character device for user space.</summary>
public sealed record LinkIpvtap(string Name, int ParentIndex) : LinkIpvlan(Name, ParentIndex)
{
    public override string Kind => "ipvtap";
}
