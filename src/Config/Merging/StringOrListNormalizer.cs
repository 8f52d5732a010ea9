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
            List<ConfigNode>? normalized = null;
            for (var i = 0; i < items.Items.Count; i++)
            {
                var item = NormalizeItem(items.Items[i], keys);
                if (normalized is null && !ReferenceEquals(item, items.Items[i])) normalized = [.. items.Items.Take(i)];
                normalized?.Add(item);
            }
            if (normalized is not null) result = result.With(section, items with { Items = normalized }, result.Location.Child(section));
        }
        return result;
    }

    /// <summary>The item with its string fields made lists; an item that has none is returned as it is.</summary>
    private static ConfigNode NormalizeItem(ConfigNode item, IReadOnlySet<string> keys)
    {
        if (item is not MappingNode mapping) return item;
        List<MappingEntry>? entries = null;
        for (var i = 0; i < mapping.Entries.Count; i++)
        {
            var e = mapping.Entries[i];
            var normalized = keys.Contains(e.Key) && e.Value is ScalarNode { Kind: not ScalarKind.Null } scalar
                ? e with { Value = new SequenceNode([scalar], scalar.Location) }
                : e;
            if (entries is null && !ReferenceEquals(normalized, e)) entries = [.. mapping.Entries.Take(i)];
            entries?.Add(normalized);
        }
        return entries is null ? mapping : mapping with { Entries = entries };
    }
}
