using Conlink.Config.Loading;
using Conlink.Config.Model;

namespace Conlink.Config.Validation;

/// <summary>
/// Validates the merged, interpolated configuration as a whole: every entry, then the rules that
/// span entries (one dev per container or service, unique outer-dev names for every replica,
/// replica offsets that stay usable, unique tunnels).
/// All problems are collected; none stops the others from being found.
/// </summary>
internal static class ConfigValidator
{
    /// <param name="replicas">Replica counts the compose files give, by service: offsets and generated names are checked for each replica.</param>
    public static NetworkDeclaration Validate(MappingNode root, ConfigLoadOptions options, IReadOnlyDictionary<string, int> replicas, ICollection<ConfigError> errors)
    {
        NodeValues.RejectUnknownKeys(root, ConfigKeys.TopLevel, errors);
        if (!root.Contains("links"))
            errors.Add(root.Location.Error("'links' is required"));

        var spanVnis = new Dictionary<int, (string Bridge, NodeLocation Location)>();
        var bridges = Section(root, "bridges", errors, item =>
        {
            var bridge = BridgeValidator.Validate(item, options.DefaultBridgeMode, errors);
            if (bridge?.Span is not { } span) return bridge;
            if (spanVnis.TryGetValue(span.Vni, out var other) && other.Bridge != bridge.Name)
            {
                errors.Add(item.Location.Error($"spanned bridges '{other.Bridge}' (at {Position(other.Location)}) and '{bridge.Name}' have the same VNI {span.Vni}"
                    + (span.VniWasDerived ? " (derived from the name); give one of them a 'vni'" : "")));
                return null;
            }
            spanVnis[span.Vni] = (bridge.Name, item.Location);
            return bridge;
        });
        var requestedModes = new Dictionary<string, BridgeMode>();
        foreach (var bridge in bridges) requestedModes[bridge.Name] = bridge.Mode;
        BridgeMode ModeOf(string name) => requestedModes.GetValueOrDefault(name, options.DefaultBridgeMode);

        var links = Section(root, "links", errors, item => LinkValidator.Validate(item, ModeOf, errors));
        var tunnelLocations = new Dictionary<string, NodeLocation>();
        var tunnels = Section(root, "tunnels", errors, item =>
        {
            var tunnel = TunnelValidator.Validate(item, ModeOf, errors);
            if (tunnel is null || tunnelLocations.TryAdd(tunnel.Dev, item.Location)) return tunnel;
            errors.Add(item.Location.Error($"tunnel '{tunnel.Dev}' is already defined (at {Position(tunnelLocations[tunnel.Dev])}); type and vni must differ"));
            return null;
        });
        var commands = Section(root, "commands", errors, item => CommandValidator.Validate(item, errors));

        CheckUniqueDevs(links, errors);
        OuterDevClashes.Check(links, bridges.Select(b => b.Name).Concat(links.Select(l => l.Spec.Bridge?.Name)).Concat(tunnels.Select(t => t.Bridge.Name)),
            tunnels.Select(t => t.Dev), replicas, errors);
        ReplicaValidator.Check(links, replicas, errors);

        return new NetworkDeclaration(links.Select(l => l.Spec).ToList(), bridges, tunnels, commands);
    }

    private static List<T> Section<T>(MappingNode root, string key, ICollection<ConfigError> errors, Func<ConfigNode, T?> validate)
        where T : class
    {
        if (root[key] is not { } node || NodeValues.Sequence(node, errors) is not { } items) return [];
        return items.Items.Select(validate).OfType<T>().ToList();
    }

    private static void CheckUniqueDevs(IReadOnlyList<ValidatedLink> links, ICollection<ConfigError> errors)
    {
        var seen = new Dictionary<(bool, string, string), ValidatedLink>();
        foreach (var link in links)
        {
            var spec = link.Spec;
            var key = (spec.Service is not null, spec.Service ?? spec.Container!, spec.Dev);
            if (seen.TryGetValue(key, out var first))
            {
                var owner = spec.Service is not null ? $"service '{spec.Service}'" : $"container '{spec.Container}'";
                errors.Add(DevLocation(link).Error($"duplicate dev '{spec.Dev}' for {owner} (first defined at {Position(DevLocation(first))})"));
            }
            else seen[key] = link;
        }
    }

    private static NodeLocation DevLocation(ValidatedLink link) => (link.Node["dev"] ?? link.Node).Location;

    private static string Position(NodeLocation location) => $"{location.File}:{location.Line}:{location.Column}";
}
