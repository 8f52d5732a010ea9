using Conlink.Config.Loading;

namespace Conlink.Config.Merging;

/// <summary>Combines the fragments of every source into one configuration mapping.</summary>
internal static class ConfigMerger
{
    /// <summary>The merged configuration, or null when there are no fragments.</summary>
    public static MappingNode? Merge(IEnumerable<MappingNode> fragments)
    {
        var normalized = fragments.Select(StringOrListNormalizer.Normalize).ToList();
        if (normalized.Count == 0) return null;
        var merged = DeepMerge.MergeMappings(normalized, _ => false);
        if (merged["links"] is SequenceNode links)
            merged = merged.With("links", LinkMerger.MergeByKey(links), merged.Location.Child("links"));
        return merged;
    }
}
