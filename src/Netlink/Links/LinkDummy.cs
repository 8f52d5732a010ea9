namespace Conlink.Netlink.Links;

/// <summary>A dummy interface: a place to hold addresses, with no traffic.</summary>
public sealed record LinkDummy(string Name) : LinkDefinition(Name)
{
    public override string Kind => "dummy";
}
