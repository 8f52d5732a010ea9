using Conlink.Config.Model;
using Conlink.Config.Validation;

namespace Conlink.Config.Enrichment;

/// <summary>
/// Completes a validated declaration: resolves bridge modes (auto included) and creates the
/// bridges that links and tunnels only name; gives links their defaults (MTU, stable MAC,
/// <c>--offload tx off</c> for veth); groups links and commands by container and service.
/// </summary>
internal static class ConfigEnricher
{
    public const string VethOffloadSetting = "--offload tx off";

    public static NetworkConfig Enrich(NetworkDeclaration declaration, ConfigLoadOptions options)
    {
        var bridges = ResolveBridges(declaration, options);
        var links = declaration.Links.Select(l => EnrichLink(l, bridges, options)).ToList();
        var tunnels = declaration.Tunnels.Select(t => t with { Bridge = bridges[t.Bridge.Name] }).ToList();
        return new NetworkConfig(
            bridges,
            tunnels,
            Group(links.Where(l => l.Container is not null), declaration.Commands.Where(c => c.Container is not null), l => l.Container!, c => c.Container!),
            Group(links.Where(l => l.Service is not null), declaration.Commands.Where(c => c.Service is not null), l => l.Service!, c => c.Service!));
    }

    private static OrderedDictionary<string, BridgeSpec> ResolveBridges(NetworkDeclaration declaration, ConfigLoadOptions options)
    {
        var requested = new OrderedDictionary<string, BridgeSpec>();
        foreach (var bridge in declaration.Bridges)
            requested[bridge.Name] = bridge;
        foreach (var named in declaration.Links.Select(l => l.Bridge).Concat(declaration.Tunnels.Select(t => t.Bridge)).OfType<BridgeSpec>())
            requested.TryAdd(named.Name, named);

        var resolved = new OrderedDictionary<string, BridgeSpec>();
        foreach (var (name, bridge) in requested)
            resolved[name] = bridge.Mode == BridgeMode.Auto ? bridge with { Mode = options.AutoBridgeMode, ModeWasAuto = true } : bridge;
        return resolved;
    }

    private static LinkSpec EnrichLink(LinkSpec link, IReadOnlyDictionary<string, BridgeSpec> bridges, ConfigLoadOptions options) => link with
    {
        Bridge = link.Bridge is null ? null : bridges[link.Bridge.Name],
        Mac = link.Mac ?? (link.Type is LinkType.Ipvlan or LinkType.Ipvtap ? null : StableMac.For(link)),
        Mtu = link.Mtu ?? (link.Base == LinkBase.Host ? null : options.DefaultMtu),
        Ethtool = link.Type == LinkType.Veth && !options.KeepVethOffload ? [VethOffloadSetting, .. link.Ethtool] : link.Ethtool,
    };

    private static OrderedDictionary<string, EndpointConfig> Group(
        IEnumerable<LinkSpec> links, IEnumerable<CommandSpec> commands, Func<LinkSpec, string> linkOwner, Func<CommandSpec, string> commandOwner)
    {
        var linksByOwner = new OrderedDictionary<string, List<LinkSpec>>();
        var commandsByOwner = new Dictionary<string, List<CommandSpec>>();
        foreach (var link in links) Bucket(linksByOwner, linkOwner(link)).Add(link);
        foreach (var command in commands)
        {
            var owner = commandOwner(command);
            linksByOwner.TryAdd(owner, []);
            Bucket(commandsByOwner, owner).Add(command);
        }
        var endpoints = new OrderedDictionary<string, EndpointConfig>();
        foreach (var (owner, ownerLinks) in linksByOwner)
            endpoints[owner] = new EndpointConfig(ownerLinks, commandsByOwner.GetValueOrDefault(owner) ?? []);
        return endpoints;
    }

    private static List<T> Bucket<T>(IDictionary<string, List<T>> buckets, string key)
    {
        if (!buckets.TryGetValue(key, out var bucket)) buckets[key] = bucket = [];
        return bucket;
    }
}
