using Conlink.Config.Loading;

namespace Conlink.Config.Merging;

/// <summary>
/// Merges links that describe the same interface: same <c>service</c> (or <c>container</c>) and
/// same <c>dev</c> (default <c>eth0</c>). Later fragments add to earlier ones; lists append,
/// except <c>netem</c>, which describes one qdisc and so is replaced as a whole (a service's
/// own netem overrides a top-level one). Links whose key cannot be read are kept as they are
/// for validation to report. Each merged link takes the place of its first part.
/// </summary>
internal static class LinkMerger
{
    private const string ReplacedWhole = "netem";

    public static SequenceNode MergeByKey(SequenceNode links)
    {
        var slots = new List<List<ConfigNode>>();
        var slotByKey = new Dictionary<string, List<ConfigNode>>(StringComparer.Ordinal);
        foreach (var item in links.Items)
        {
            if (item is MappingNode link && KeyOf(link) is { } key)
            {
                if (slotByKey.TryGetValue(key, out var slot))
                {
                    slot.Add(link);
                    continue;
                }
                slotByKey[key] = slot = [link];
                slots.Add(slot);
            }
            else slots.Add([item]);
        }
        var merged = slots.Select(slot => slot.Count == 1
            ? slot[0]
            : DeepMerge.MergeMappings(slot.Cast<MappingNode>().ToList(), k => k == ReplacedWhole)).ToList();
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
