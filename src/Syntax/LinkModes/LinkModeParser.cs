namespace Conlink.Syntax.LinkModes;

/// <summary>
/// The one grammar of a link's <c>mode</c>, spelled as <c>ip link add ... type T mode M</c> takes it,
/// in lower case (iproute2 compares exactly): macvlan and macvtap take one of <see cref="MacvlanNames"/>;
/// ipvlan and ipvtap take one of <see cref="IpvlanNames"/>, optionally followed by one of
/// <see cref="IpvlanFlagNames"/>, separated by whitespace.
/// </summary>
public static class LinkModeParser
{
    private static readonly (string Name, MacvlanMode Mode)[] Macvlan =
        [("private", MacvlanMode.Private), ("vepa", MacvlanMode.Vepa), ("bridge", MacvlanMode.Bridge), ("passthru", MacvlanMode.Passthru), ("source", MacvlanMode.Source)];

    private static readonly (string Name, IpvlanMode Mode)[] Ipvlan = [("l2", IpvlanMode.L2), ("l3", IpvlanMode.L3), ("l3s", IpvlanMode.L3S)];

    private static readonly (string Name, IpvlanFlags Flags)[] IpvlanFlagWords =
        [("bridge", IpvlanFlags.Bridge), ("private", IpvlanFlags.Private), ("vepa", IpvlanFlags.Vepa)];

    public static IReadOnlyList<string> MacvlanNames { get; } = [.. Macvlan.Select(m => m.Name)];

    public static IReadOnlyList<string> IpvlanNames { get; } = [.. Ipvlan.Select(m => m.Name)];

    public static IReadOnlyList<string> IpvlanFlagNames { get; } = [.. IpvlanFlagWords.Select(f => f.Name)];

    /// <summary>A macvlan or macvtap mode; null when the text is none.</summary>
    public static MacvlanLinkMode? ParseMacvlan(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 1 && Array.FindIndex(Macvlan, m => m.Name == words[0]) is >= 0 and var found
            ? new MacvlanLinkMode(Macvlan[found].Mode)
            : null;
    }

    /// <summary>An ipvlan or ipvtap mode, with its flag; null when the text is none.</summary>
    public static IpvlanLinkMode? ParseIpvlan(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 1 or > 2) return null;
        var mode = Array.FindIndex(Ipvlan, m => m.Name == words[0]);
        if (mode < 0) return null;
        if (words.Length == 1) return new IpvlanLinkMode(Ipvlan[mode].Mode);
        var flags = Array.FindIndex(IpvlanFlagWords, f => f.Name == words[1]);
        return flags < 0 ? null : new IpvlanLinkMode(Ipvlan[mode].Mode, IpvlanFlagWords[flags].Flags);
    }

    public static string Name(MacvlanMode mode) => Macvlan.Single(m => m.Mode == mode).Name;

    public static string Name(IpvlanMode mode) => Ipvlan.Single(m => m.Mode == mode).Name;

    public static string Name(IpvlanFlags flags) => IpvlanFlagWords.Single(f => f.Flags == flags).Name;
}
