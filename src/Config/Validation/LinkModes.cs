using Conlink.Config.Model;
using Conlink.Syntax.LinkModes;

namespace Conlink.Config.Validation;

/// <summary>The <c>mode</c> each link type takes, read with the one mode grammar (<see cref="LinkModeParser"/>).</summary>
internal static class LinkModes
{
    public static bool AcceptsMode(LinkType type) => type is LinkType.Macvlan or LinkType.Macvtap or LinkType.Ipvlan or LinkType.Ipvtap;

    /// <summary>The mode of a link of <paramref name="type"/>, or why <paramref name="text"/> is not one.</summary>
    public static (LinkMode? Mode, string? Problem) Parse(LinkType type, string text)
    {
        var name = EnumNames.Name(type);
        if (type is LinkType.Macvlan or LinkType.Macvtap)
            return LinkModeParser.ParseMacvlan(text) is { } macvlan
                ? (macvlan, null)
                : (null, $"'{text}' is not a {name} mode (expected one of: {string.Join(", ", LinkModeParser.MacvlanNames)})");
        return LinkModeParser.ParseIpvlan(text) is { } ipvlan
            ? (ipvlan, null)
            : (null, $"'{text}' is not a {name} mode (expected one of: {string.Join(", ", LinkModeParser.IpvlanNames)}, "
                + $"optionally followed by {string.Join(", ", LinkModeParser.IpvlanFlagNames)})");
    }
}
