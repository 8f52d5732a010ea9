using Conlink.Config.Loading;

namespace Conlink.Config.Merging;

/// <summary>
/// Turns the fields that accept "a string or a list of strings" into lists before merging, so
/// that merging a string with a list appends instead of replacing (or, as in the original,
/// splitting the string into characters). <c>command</c> is left alone: there a string means
/// a shell command and a list an argv, and commands are never merged.
/// </summary>
internal static class StringOrListNormalizer
{
    public static readonly IReadOnlySet<string> LinkListKeys = new HashSet<string> { "route", "forward", "netem", "ethtool" };
    public static readonly IReadOnlySet<string> TunnelListKeys = new HashSet<string> { "netem" };

    public static MappingNode Normalize(MappingNode fragment)
    {
        var result = fragment;
        foreach (var (section, keys) in new[] { ("links", LinkListKeys), ("tunnels", TunnelListKeys) })
        {
            if (result[section] is not SequenceNode items) continue;
            var normalized = items with { Items = items.Items.Select(item => NormalizeItem(item, keys)).ToList() };
            result = result.With(section, normalized, result.Location.Child(section));
        }
        return result;
    }

    private static ConfigNode NormalizeItem(ConfigNode item, IReadOnlySet<string> keys)
    {
        if (item is not MappingNode mapping) return item;
        var entries = mapping.Entries
            .Select(e => keys.Contains(e.Key) && e.Value is ScalarNode { Kind: not ScalarKind.Null } scalar
                ? e with { Value = new SequenceNode([scalar], scalar.Location) }
                : e)
            .ToList();
        return mapping with { Entries = entries };
    }
}
