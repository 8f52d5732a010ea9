namespace Conlink.Syntax.LinkModes;

/// <summary>The <c>mode</c> of a host-parent link, as <see cref="LinkModeParser"/> reads it.</summary>
public abstract record LinkMode;

/// <summary>A macvlan or macvtap mode, such as <c>bridge</c>.</summary>
public sealed record MacvlanLinkMode(MacvlanMode Mode) : LinkMode
{
    public override string ToString() => LinkModeParser.Name(Mode);
}

/// <summary>An ipvlan or ipvtap mode with its flag, such as <c>l2</c> or <c>l3s private</c>.</summary>
public sealed record IpvlanLinkMode(IpvlanMode Mode, IpvlanFlags Flags = IpvlanFlags.Bridge) : LinkMode
{
    public override string ToString() =>
        Flags == IpvlanFlags.Bridge ? LinkModeParser.Name(Mode) : $"{LinkModeParser.Name(Mode)} {LinkModeParser.Name(Flags)}";
}
