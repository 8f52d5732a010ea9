using Conlink.Config.Loading;

namespace Conlink.Config.Merging;

/// <summary>
/// Merges links that describe the same interface: same <c>service</c> (or <c>container</c>) and
/// same <c>dev</c> (default <c>eth0</c>). Later fragments add to earlier ones; lists append,
/// except <c>netem</c>, which describes one qdisc and so is replaced as a whole (a service's
/// own netem overrides a top-level one). Links whose key cannot be read are kept as they are
/// for validation to report.
/// </summary>
internal static class LinkMerger
{
    private const string ReplacedWhole = "netem";

    public static SequenceNode MergeByKey(SequenceNode links)
    {
        var merged = new List<ConfigNode>();
        var indexByKey = new Dictionary<string, int>();
        foreach (var item in links.Items)
        {
            if (item is MappingNode link && KeyOf(link) is { } key)
            {
                if (indexByKey.TryGetValue(key, out var index))
                {
                    merged[index] = DeepMerge.Merge((MappingNode)merged[index], link, k => k == ReplacedWhole);
                    continue;
                }
                indexByKey[key] = merged.Count;
            }
            merged.Add(item);
        }
        return links with { Items = merged };
    }

    /// <summary>The merge key, <c>service:NAME:DEV</c> or <c>container:NAME:DEV</c>, or null when it cannot be read.</summary>
    internal static string? KeyOf(MappingNode link)
    {
        var dev = link["dev"] switch
        {
            null => "eth0",
            ScalarNode { Kind: not ScalarKind.Null } scalar => scalar.Value,
            _ => null,
        };
        if (dev is null) return null;
        foreach (var owner in new[] { "service", "container" })
            if (link[owner] is ScalarNode { Kind: not ScalarKind.Null } name)
                return $"{owner}:{name.Value}:{dev}";
        return null;
    }
}
