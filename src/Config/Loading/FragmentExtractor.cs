namespace Conlink.Config.Loading;

/// <summary>
/// Finds the network configuration fragments in a parsed document, in merge order: a compose
/// file's top-level <c>x-network</c>, then each <c>services.NAME.x-network</c> (whose links get
/// <c>service: NAME</c> unless they name one); a network file is one fragment as a whole.
/// Service-level commands are left as written, as in the original.
/// </summary>
internal static class FragmentExtractor
{
    public const string SectionKey = "x-network";

    public static IEnumerable<MappingNode> Extract(ConfigDocumentKind kind, ConfigNode? root, ICollection<ConfigError> errors)
    {
        if (root is null) yield break;
        if (root is not MappingNode document)
        {
            errors.Add(root.Location.Error(kind == ConfigDocumentKind.Compose ? "a compose file must be a mapping" : "a network file must be a mapping"));
            yield break;
        }
        if (kind == ConfigDocumentKind.Network)
        {
            yield return document;
            yield break;
        }

        if (AsFragment(document[SectionKey], errors) is { } topLevel) yield return topLevel;
        if (document["services"] is not MappingNode services) yield break;
        foreach (var service in services.Entries)
        {
            if (service.Value is not MappingNode serviceBody) continue;
            if (AsFragment(serviceBody[SectionKey], errors) is { } fragment)
                yield return WithDefaultService(fragment, service.Key);
        }
    }

    private static MappingNode? AsFragment(ConfigNode? node, ICollection<ConfigError> errors)
    {
        switch (node)
        {
            case null or ScalarNode { Kind: ScalarKind.Null }:
                return null;
            case MappingNode mapping:
                return mapping;
            default:
                errors.Add(node.Location.Error("must be a mapping"));
                return null;
        }
    }

    private static MappingNode WithDefaultService(MappingNode fragment, string service)
    {
        if (fragment["links"] is not SequenceNode links) return fragment;
        var items = new List<ConfigNode>(links.Items.Count);
        foreach (var item in links.Items)
        {
            if (item is MappingNode link && !link.Contains("service"))
            {
                var location = link.Location.Child("service");
                items.Add(link.With("service", new ScalarNode(service, false, location), location));
            }
            else items.Add(item);
        }
        return fragment.With("links", links with { Items = items }, fragment.Location.Child("links"));
    }
}
