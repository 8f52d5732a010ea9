using Conlink.Config.Loading;

namespace Conlink.Config.Merging;

/// <summary>
/// Merges links that describe the same interface: same <c>service</c> (or <c>container</c>) and
/// same <c>dev</c> (default <c>eth0</c>). Later fragments add to earlier ones; lists append,
/// except <c>netem</c> and <c>ip</c>, which are replaced as a whole (a service's
/// own netem or ip overrides a top-level one). Links whose key cannot be read are kept as they are
/// for validation to report. Each merged link takes the place of its first part.
/// </summary>
internal static class LinkMerger
{
    /// <summary>
    /// Keys a later fragment replaces rather than extends: <c>netem</c> (one qdisc) and <c>ip</c> (the
    /// link's whole address list, so a later plain string replaces an earlier one as it always has,
    /// and two fragments never add up to two addresses of a family the user did not list together).
    /// </summary>
    private static readonly HashSet<string> ReplacedWhole = ["netem", "ip"];

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
            : DeepMerge.MergeMappings(slot.Cast<MappingNode>().ToList(), ReplacedWhole.Contains)).ToList();
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
