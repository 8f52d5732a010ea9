namespace Conlink.Netlink.Links;

/// <summary>A Linux bridge.</summary>
public sealed record LinkBridge(string Name) : LinkDefinition(Name)
{
    public override string Kind => "bridge";
}
