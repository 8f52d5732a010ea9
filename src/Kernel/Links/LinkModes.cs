using Conlink.Netlink.Links;

namespace Conlink.Kernel.Links;

/// <summary>Reads the <c>mode</c> of a macvlan/macvtap or ipvlan/ipvtap link as <c>ip link</c> spells it.</summary>
internal static class LinkModes
{
    public static MacvlanMode? Macvlan(string? mode) => mode?.ToLowerInvariant() switch
    {
        null => null,
        "private" => MacvlanMode.Private,
        "vepa" => MacvlanMode.Vepa,
        "bridge" => MacvlanMode.Bridge,
        "passthru" => MacvlanMode.Passthru,
        "source" => MacvlanMode.Source,
        _ => throw new ArgumentException($"unknown macvlan mode '{mode}' (expected private, vepa, bridge, passthru or source)"),
    };

    /// <summary>An ipvlan mode with an optional flag, e.g. <c>l2</c>, <c>l3s</c> or <c>l2 private</c>.</summary>
    public static (IpvlanMode? Mode, IpvlanFlags Flags) Ipvlan(string? mode)
    {
        if (mode is null) return (null, IpvlanFlags.Bridge);
        var words = mode.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        IpvlanMode? parsed = null;
        var flags = IpvlanFlags.Bridge;
        foreach (var word in words)
        {
            switch (word)
            {
                case "l2": parsed = IpvlanMode.L2; break;
                case "l3": parsed = IpvlanMode.L3; break;
                case "l3s": parsed = IpvlanMode.L3S; break;
                case "bridge": flags = IpvlanFlags.Bridge; break;
                case "private": flags = IpvlanFlags.Private; break;
                case "vepa": flags = IpvlanFlags.Vepa; break;
                default: throw new ArgumentException($"unknown ipvlan mode '{word}' (expected l2, l3 or l3s, optionally with bridge, private or vepa)");
            }
        }
        return (parsed, flags);
    }
}
