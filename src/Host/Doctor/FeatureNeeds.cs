using System.Net.Sockets;
using Conlink.Config.Model;
using Conlink.Kernel.Features;

namespace Conlink.Host.Doctor;

/// <summary>One kernel feature a config needs, and what in the config needs it.</summary>
public sealed record FeatureNeed(KernelFeature Feature, IReadOnlyList<string> NeededBy);

/// <summary>
/// Which kernel features a config needs (a pure function of the loaded config): the link types, what
/// each bridge's mode takes, netem, tc mirred for patch bridges, iptables (IPv4) or ip6tables (IPv6) nat for nat and forward,
/// and the tunnels' types. Listed in <see cref="KernelFeature.All"/>'s order.
/// </summary>
public static class FeatureNeeds
{
    public static IReadOnlyList<FeatureNeed> Of(NetworkConfig config)
    {
        var needs = new Dictionary<KernelFeature, List<string>>();
        void Need(KernelFeature feature, string by)
        {
            if (!needs.TryGetValue(feature, out var list)) needs[feature] = list = [];
            if (!list.Contains(by)) list.Add(by);
        }

        var endpoints = config.Services.Select(s => ("service", s.Key, s.Value)).Concat(config.Containers.Select(c => ("container", c.Key, c.Value)));
        foreach (var (kind, name, endpoint) in endpoints)
        {
            foreach (var link in endpoint.Links)
            {
                var where = $"{kind} {name}, link {link.Dev}";
                Need(LinkFeature(link.Type), where);
                if (link.Netem is not null) Need(KernelFeature.Netem, where);
                foreach (var family in NatFamilies(link))
                    Need(family == AddressFamily.InterNetworkV6 ? KernelFeature.Ip6tablesNat : KernelFeature.IptablesNat, where);
            }
        }
        foreach (var bridge in config.Bridges.Values.OrderBy(b => b.Name, StringComparer.Ordinal))
            Need(BridgeFeature(bridge.Mode), $"bridge {bridge.Name} ({bridge.Mode.ToString().ToLowerInvariant()}{(bridge.ModeWasAuto ? ", from auto" : "")})");
        foreach (var tunnel in config.Tunnels)
        {
            Need(tunnel.Type == TunnelType.Geneve ? KernelFeature.Geneve : KernelFeature.Vxlan, $"tunnel {tunnel.Dev}");
            if (tunnel.Netem is not null) Need(KernelFeature.Netem, $"tunnel {tunnel.Dev}");
        }
        return KernelFeature.All.Where(needs.ContainsKey).Select(f => new FeatureNeed(f, needs[f])).ToList();
    }

    /// <summary>The families whose nat table the link's rules go to: its nat address's, and each of its addresses' families when it has forwards.</summary>
    private static IEnumerable<AddressFamily> NatFamilies(LinkSpec link)
    {
        var families = new List<AddressFamily>();
        if (link.Nat is { } nat) families.Add(nat.AddressFamily);
        if (link.Forward.Count > 0) families.AddRange(link.Ips.Select(ip => ip.Family));
        return families.Distinct().Order();
    }

    private static KernelFeature LinkFeature(LinkType type) => type switch
    {
        LinkType.Veth => KernelFeature.Veth,
        LinkType.Dummy => KernelFeature.Dummy,
        LinkType.Vlan => KernelFeature.Vlan,
        LinkType.Ipvlan => KernelFeature.Ipvlan,
        LinkType.Ipvtap => KernelFeature.Ipvtap,
        LinkType.Macvlan => KernelFeature.Macvlan,
        LinkType.Macvtap => KernelFeature.Macvtap,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no kernel feature for this link type"),
    };

    private static KernelFeature BridgeFeature(BridgeMode mode) => mode switch
    {
        BridgeMode.Ovs => KernelFeature.Openvswitch,
        BridgeMode.Patch => KernelFeature.TcMirred,
        _ => KernelFeature.Bridge,
    };
}
