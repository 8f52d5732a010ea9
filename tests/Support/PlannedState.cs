using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Kernel;

namespace Conlink.Testing;

/// <summary>
/// The kernel state a set of plans calls for, in <see cref="NamespaceState"/> facts: what the
/// engine must have made, no more and no less, once it has converged. It models veth and dummy
/// links on linux and patch bridges, and vxlan/geneve tunnels; anything else throws, so a test
/// cannot pass by comparing against an incomplete model.
/// </summary>
public static class PlannedState
{
    public const ushort GenevePort = 6081;

    /// <summary>
    /// The state for <paramref name="plans"/> under <paramref name="config"/>: its bridges exist from
    /// the start (ports or not) and its tunnels are attached to theirs.
    /// </summary>
    public static KernelState Of(IReadOnlyList<ContainerPlan> plans, NetworkConfig config,
        ushort vxlanPort = KernelDriverOptions.DefaultVxlanPort)
    {
        var namespaces = new Dictionary<string, NamespaceState>
        {
            [KernelState.BridgeNamespaceLabel] = OfBridgeNamespace(plans.SelectMany(p => p.Links).ToList(), config, vxlanPort),
        };
        foreach (var plan in plans) namespaces[plan.Container.Name] = OfContainer(plan);
        return new KernelState(namespaces);
    }

    /// <summary>Plans the running containers with the config, then <see cref="Of(IReadOnlyList{ContainerPlan}, NetworkConfig, ushort)"/>.</summary>
    public static KernelState Of(NetworkConfig config, IEnumerable<ContainerIdentity> running) =>
        Of(running.Select(c => Planner.Plan(c, config, PlanningContext.Default)).ToList(), config);

    public static NamespaceState OfContainer(ContainerPlan plan)
    {
        var facts = new List<string>();
        foreach (var link in plan.Links)
        {
            if (link.Type is not (LinkType.Veth or LinkType.Dummy))
                throw new NotSupportedException($"{link.Id}: the planned state of {link.Type} links is not modelled");
            if (link.Forward.Count > 0 || link.Nat is not null)
                throw new NotSupportedException($"{link.Id}: the planned state of forwards and NAT (iptables) is not modelled");
            var mac = link.Mac is { } m ? string.Join(':', m.GetAddressBytes().Select(b => b.ToString("x2"))) : null;
            facts.Add($"link {link.Dev} {link.Type.ToString().ToLowerInvariant()} mtu={link.Mtu ?? 1500} mac={mac} up");
            // The namespace state models IPv4 only (see NamespaceState).
            foreach (var ip in link.Ips.Where(a => !a.IsIpv6))
            {
                facts.Add($"addr {link.Dev} {ip}");
                if (ip.PrefixLength < 32) facts.Add(NamespaceState.RouteFact(ip.Network.ToString(), null, link.Dev));
            }
            foreach (var route in link.Route.Select(r => r.Value).Where(r => r.Family == System.Net.Sockets.AddressFamily.InterNetwork))
                facts.Add(NamespaceState.RouteFact(route.Destination?.ToString() ?? "default", route.Gateway?.ToString(),
                    route.Device ?? link.Dev));
            if (link.Netem is not null) facts.Add(NamespaceState.QdiscFact("netem", link.Dev));
        }
        return NamespaceState.Of(facts);
    }

    public static NamespaceState OfBridgeNamespace(IReadOnlyList<LinkPlan> links, NetworkConfig config,
        ushort vxlanPort = KernelDriverOptions.DefaultVxlanPort)
    {
        var facts = new List<string>();
        var ports = links.Where(l => l.Type == LinkType.Veth)
            .Select(l => (Bridge: l.Bridge!, Port: l.OuterDev!, l.Mtu))
            .ToList();
        foreach (var bridge in config.Bridges.Values)
        {
            if (bridge.Mode is not (BridgeMode.Linux or BridgeMode.Patch))
                throw new NotSupportedException($"bridge {bridge.Name}: the planned state of {bridge.Mode} bridges is not modelled");
            if (bridge.Mode == BridgeMode.Linux) facts.Add($"link {bridge.Name} bridge up");
        }
        foreach (var (bridge, port, mtu) in ports)
            facts.Add($"link {port} veth{(bridge.Mode == BridgeMode.Linux ? " master=" + bridge.Name : "")} mtu={mtu ?? 1500} up");
        foreach (var patch in ports.Where(p => p.Bridge.Mode == BridgeMode.Patch).GroupBy(p => p.Bridge.Name).Where(g => g.Count() == 2))
        {
            var (a, b) = (patch.First().Port, patch.Last().Port);
            facts.AddRange([NamespaceState.QdiscFact("ingress", a), NamespaceState.MirredFact(a, b),
                NamespaceState.QdiscFact("ingress", b), NamespaceState.MirredFact(b, a)]);
        }
        foreach (var tunnel in config.Tunnels)
        {
            var port = tunnel.Type == TunnelType.Vxlan ? vxlanPort : GenevePort;
            facts.Add($"link {tunnel.Dev} {tunnel.Type.ToString().ToLowerInvariant()} master={tunnel.Bridge.Name} "
                + $"id={tunnel.Vni} remote={tunnel.Remote} port={port} up");
            if (tunnel.Netem is not null) facts.Add(NamespaceState.QdiscFact("netem", tunnel.Dev));
        }
        return NamespaceState.Of(facts);
    }
}
