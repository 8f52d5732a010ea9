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
        if (LinkModeParser.ParseIpvlan(text) is { } ipvlan) return (ipvlan, null);
        return (null, FlagInPlaceOfMode(name, text) ?? $"'{text}' is not a {name} mode (expected one of: {string.Join(", ", LinkModeParser.IpvlanNames)}, "
            + $"optionally followed by {string.Join(", ", LinkModeParser.IpvlanFlagNames)})");
    }

    /// <summary>
    /// Why a mode that names a flag where the mode goes (upstream's own examples say <c>mode: bridge</c> for an ipvlan)
    /// is wrong, with the mode that means what it most likely meant; null when the first word is no flag.
    /// </summary>
    private static string? FlagInPlaceOfMode(string name, string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 2 || !LinkModeParser.IpvlanFlagNames.Contains(words[0])) return null;
        var mode = words.Length == 2 && LinkModeParser.IpvlanNames.Contains(words[1]) ? words[1] : LinkModeParser.IpvlanNames[0];
        return $"'{text}' is not a {name} mode: {name} modes are {string.Join(", ", LinkModeParser.IpvlanNames)}, "
            + $"and {string.Join(", ", LinkModeParser.IpvlanFlagNames)} are flags that follow the mode (did you mean 'mode: {mode} {words[0]}'?)";
    }
}
