using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Syntax.LinkModes;

namespace Conlink.Netlink.Links;

/// <summary>A macvlan on a parent interface. <see cref="LinkMacvtap"/> is the tap flavour.</summary>
public record LinkMacvlan(string Name, int ParentIndex) : LinkDefinition(Name)
{
    public override string Kind => "macvlan";

    /// <summary>null leaves the kernel's default (vepa).</summary>
    public MacvlanMode? Mode { get; init; }

    internal override int? RequestParentIndex => ParentIndex;

    internal override void WriteInfoData(MessageWriter writer)
    {
        if (Mode is not { } mode) return;
        var data = writer.BeginNested(LinkInfoAttribute.Data);
        writer.WriteU32(MacvlanAttribute.Mode, (uint)mode);
        writer.EndNested(data);
    }
}

/// <summary>A macvtap: a macvlan with a character device for user space.</summary>
public sealed record LinkMacvtap(string Name, int ParentIndex) : LinkMacvlan(Name, ParentIndex)
{
    public override string Kind => "macvtap";
}
