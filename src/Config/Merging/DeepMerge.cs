using Conlink.Config.Loading;

namespace Conlink.Config.Merging;

/// <summary>
/// The original's deep merge: mappings merge key by key, lists concatenate, and otherwise the
/// later value wins. Every value keeps the location of the fragment that supplied it.
/// Any number of values merge in one pass, in time linear in their size: merging them two at a
/// time would copy the growing result once per value (quadratic in the number of fragments).
/// </summary>
internal static class DeepMerge
{
    public static ConfigNode Merge(ConfigNode earlier, ConfigNode later) => MergeAll([earlier, later]);

    /// <summary>The values merged in order: the same as merging the first with the second, the result with the third, and so on.</summary>
    public static ConfigNode MergeAll(IReadOnlyList<ConfigNode> values)
    {
        var start = LastReplacement(values);
        return values[start] switch
        {
            MappingNode => MergeMappings(values.Skip(start).Cast<MappingNode>().ToList(), _ => false),
            SequenceNode first => first with { Items = values.Skip(start).SelectMany(v => ((SequenceNode)v).Items).ToList() },
            var last => last,
        };
    }

    /// <summary>Mappings merged in order; keys for which <paramref name="replacesWhole"/> holds take the last value as a whole.</summary>
    public static MappingNode MergeMappings(IReadOnlyList<MappingNode> mappings, Func<string, bool> replacesWhole)
    {
        if (mappings.Count == 1) return mappings[0];
        var byKey = new Dictionary<string, List<MappingEntry>>(StringComparer.Ordinal);
        var order = new List<List<MappingEntry>>();
        foreach (var mapping in mappings)
        {
            foreach (var entry in mapping.Entries)
            {
                if (!byKey.TryGetValue(entry.Key, out var values))
                {
                    byKey[entry.Key] = values = [];
                    order.Add(values);
                }
                values.Add(entry);
            }
        }
        return mappings[0] with { Entries = order.Select(values => MergeEntries(values, replacesWhole)).ToList() };
    }

    // A key keeps its first position; a value that replaces (rather than merges into) what came
    // before brings its own key location, one that merges keeps the location it merges into.
    private static MappingEntry MergeEntries(List<MappingEntry> entries, Func<string, bool> replacesWhole)
    {
        if (entries.Count == 1 || replacesWhole(entries[0].Key)) return entries[^1];
        var values = entries.Select(e => e.Value).ToList();
        var start = LastReplacement(values);
        return start == values.Count - 1
            ? entries[start]
            : entries[start] with { Value = MergeAll(values[start..]) };
    }

    /// <summary>The index of the last value that replaces what came before it instead of merging into it.</summary>
    private static int LastReplacement(IReadOnlyList<ConfigNode> values)
    {
        var start = 0;
        for (var i = 1; i < values.Count; i++)
            if (!MergesInto(values[start], values[i])) start = i;
        return start;
    }

    private static bool MergesInto(ConfigNode earlier, ConfigNode later) =>
        (earlier, later) is (MappingNode, MappingNode) or (SequenceNode, SequenceNode);
}
