using Conlink.Config.Loading;

namespace Conlink.Config.Merging;

/// <summary>
/// The original's deep merge: mappings merge key by key, lists concatenate, and otherwise the
/// later value wins. Every value keeps the location of the fragment that supplied it.
/// </summary>
internal static class DeepMerge
{
    public static ConfigNode Merge(ConfigNode earlier, ConfigNode later) => (earlier, later) switch
    {
        (MappingNode a, MappingNode b) => Merge(a, b, _ => false),
        (SequenceNode a, SequenceNode b) => a with { Items = [.. a.Items, .. b.Items] },
        _ => later,
    };

    /// <summary>Merges two mappings; top-level keys for which <paramref name="replacesWhole"/> holds take the later value as a whole.</summary>
    public static MappingNode Merge(MappingNode earlier, MappingNode later, Func<string, bool> replacesWhole)
    {
        var entries = earlier.Entries.ToList();
        foreach (var entry in later.Entries)
        {
            var index = entries.FindIndex(e => e.Key == entry.Key);
            if (index < 0)
                entries.Add(entry);
            else if (replacesWhole(entry.Key) || !IsContainer(entries[index].Value) || !IsContainer(entry.Value))
                entries[index] = entry;
            else
                entries[index] = entries[index] with { Value = Merge(entries[index].Value, entry.Value) };
        }
        return earlier with { Entries = entries };
    }

    private static bool IsContainer(ConfigNode node) => node is MappingNode or SequenceNode;
}
