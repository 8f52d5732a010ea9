using Conlink.Config.Loading;

namespace Conlink.Config.Merging;

/// <summary>Combines the fragments of every source into one configuration mapping.</summary>
internal static class ConfigMerger
{
    /// <summary>The merged configuration, or null when there are no fragments.</summary>
    public static MappingNode? Merge(IEnumerable<MappingNode> fragments)
    {
        MappingNode? merged = null;
        foreach (var fragment in fragments.Select(StringOrListNormalizer.Normalize))
            merged = merged is null ? fragment : DeepMerge.Merge(merged, fragment, _ => false);
        if (merged?["links"] is SequenceNode links)
            merged = merged.With("links", LinkMerger.MergeByKey(links), merged.Location.Child("links"));
        return merged;
    }
}
