using System.Text.RegularExpressions;
using Conlink.Config.Model;

namespace Conlink.Config.Validation;

/// <summary>The <c>mode</c> values each link type accepts (as <c>ip link add ... type T mode M</c> does).</summary>
internal static partial class LinkModes
{
    public static readonly IReadOnlyList<string> Macvlan = ["private", "vepa", "bridge", "passthru", "source"];
    public static readonly IReadOnlyList<string> Ipvlan = ["l2", "l3", "l3s"];
    private static readonly IReadOnlyList<string> IpvlanFlags = ["bridge", "private", "vepa"];

    public static bool AcceptsMode(LinkType type) => type is LinkType.Macvlan or LinkType.Macvtap or LinkType.Ipvlan or LinkType.Ipvtap;

    /// <summary>Why <paramref name="mode"/> is not valid for <paramref name="type"/>, or null when it is.</summary>
    public static string? Problem(LinkType type, string mode)
    {
        var name = EnumNames.Name(type);
        if (type is LinkType.Macvlan or LinkType.Macvtap)
            return Macvlan.Contains(mode) ? null : $"'{mode}' is not a {name} mode (expected one of: {string.Join(", ", Macvlan)})";
        var match = IpvlanMode().Match(mode);
        return match.Success && Ipvlan.Contains(match.Groups[1].Value) && (!match.Groups[2].Success || IpvlanFlags.Contains(match.Groups[2].Value))
            ? null
            : $"'{mode}' is not a {name} mode (expected one of: {string.Join(", ", Ipvlan)}, optionally followed by {string.Join(", ", IpvlanFlags)})";
    }

    [GeneratedRegex(@"^(\S+)(?: (\S+))?$")]
    private static partial Regex IpvlanMode();
}
