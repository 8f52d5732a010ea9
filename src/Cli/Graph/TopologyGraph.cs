using Conlink.Config;
using Conlink.Config.Model;

namespace Conlink.Cli.Graph;

public enum NodeKind
{
    Service,
    Container,
    Bridge,
    Tunnel,
    HostInterface,
    ClusterSpan,
}

public sealed record GraphNode(string Id, string Label, NodeKind Kind, IReadOnlyList<string> Details);

public sealed record GraphEdge(string From, string To, IReadOnlyList<string> Label);

/// <summary>
/// The topology a config describes, as nodes and edges: services (with their replica count) and
/// containers, bridges, tunnels and host interfaces; one edge per link, labelled with its device,
/// address and options. Writers turn it into DOT, Mermaid or JSON.
/// </summary>
public sealed record TopologyGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges)
{
    public static TopologyGraph From(NetworkConfig config, IReadOnlyDictionary<string, int>? replicas = null)
    {
        var nodes = new List<GraphNode>();
        var edges = new List<GraphEdge>();

        foreach (var bridge in config.Bridges.Values)
        {
            nodes.Add(new GraphNode(BridgeId(bridge.Name), bridge.Name, NodeKind.Bridge, [bridge.Mode.ToString().ToLowerInvariant()]));
            if (bridge.Span is not { } span) continue;
            // A spanned bridge reaches every cluster member that declares it: drawn as one more node, the cluster.
            var id = bridge.SpanLinkId;
            nodes.Add(new GraphNode(id, $"cluster span {bridge.Name}", NodeKind.ClusterSpan, [$"{span.Dev} to every member with {bridge.Name}"]));
            edges.Add(new GraphEdge(BridgeId(bridge.Name), id, ["spans the cluster", $"vxlan vni {span.Vni}"]));
        }

        foreach (var tunnel in config.Tunnels)
        {
            var id = tunnel.LinkId;
            nodes.Add(new GraphNode(id, tunnel.Dev, NodeKind.Tunnel, [$"remote {tunnel.Remote}", .. (tunnel.Netem?.Lines ?? []).Select(n => "netem " + n)]));
            edges.Add(new GraphEdge(id, BridgeId(tunnel.Bridge.Name), [tunnel.Type.ToString().ToLowerInvariant(), $"vni {tunnel.Vni}"]));
        }

        AddEndpoints(config.Services, NodeKind.Service, name => replicas?.GetValueOrDefault(name, 1) ?? 1, nodes, edges);
        AddEndpoints(config.Containers, NodeKind.Container, _ => 1, nodes, edges);

        return new TopologyGraph(nodes, edges);
    }

    private static void AddEndpoints(IReadOnlyDictionary<string, EndpointConfig> endpoints, NodeKind kind, Func<string, int> replicasOf,
        List<GraphNode> nodes, List<GraphEdge> edges)
    {
        foreach (var (name, endpoint) in endpoints.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var id = (kind == NodeKind.Service ? "service:" : "container:") + name;
            var replicas = replicasOf(name);
            var local = new List<string>();
            foreach (var link in endpoint.Links)
            {
                if (link.Bridge is { } bridge)
                {
                    edges.Add(new GraphEdge(id, BridgeId(bridge.Name), EdgeLabel(link, replicas)));
                }
                else if (link.Base == LinkBase.Host && link.OuterDev is { } parent)
                {
                    var hostId = "host:" + parent;
                    if (!nodes.Any(n => n.Id == hostId)) nodes.Add(new GraphNode(hostId, "host " + parent, NodeKind.HostInterface, []));
                    edges.Add(new GraphEdge(id, hostId, EdgeLabel(link, replicas)));
                }
                else
                {
                    local.Add(string.Join(' ', EdgeLabel(link, replicas)));
                }
            }
            local.AddRange(endpoint.Commands.Select(c => "command: " + string.Join(' ', c.Command)));
            nodes.Add(new GraphNode(id, replicas == 1 ? name : $"{name} ×{replicas}", kind, local));
        }
    }

    /// <summary>
    /// The device (and its type unless veth), then each address (IPv4 and IPv6, in order) and the options that shape traffic.
    /// For replicated services the address and forwarded ports are the ranges the replicas get.
    /// </summary>
    private static IReadOnlyList<string> EdgeLabel(LinkSpec link, int replicas)
    {
        var label = new List<string> { link.Type == LinkType.Veth ? link.Dev : $"{link.Dev} ({link.Type.ToString().ToLowerInvariant()})" };
        foreach (var ip in link.Ips) label.Add(replicas > 1 && ip.Offset(replicas - 1) is { } last ? $"{ip.Address}-{last}" : ip.ToString());
        label.AddRange(link.Route.Select(r => "route " + r));
        if (link.Mode is { } mode) label.Add($"mode {mode}");
        if (link.VlanId is { } vlan) label.Add($"vlan {vlan}");
        if (link.Mtu is { } mtu && mtu != ConfigLoadOptions.MaxMtu) label.Add($"mtu {mtu}");
        label.AddRange((link.Netem?.Lines ?? []).Select(n => "netem " + n));
        label.AddRange(link.Forward.Select(f => "forward " + (replicas > 1 ? $"{f.OuterPort}-{f.OuterPort + replicas - 1}:{f.InnerPort}/{f.Protocol.ToString().ToLowerInvariant()}" : f.ToString())));
        if (link.Nat is { } nat) label.Add($"nat {nat}");
        return label;
    }

    private static string BridgeId(string name) => "bridge:" + name;
}
