using Conlink.Config.Loading;
using Conlink.Config.Model;
using Conlink.Syntax.LinkModes;
using Conlink.Syntax.Routes;

namespace Conlink.Config.Validation;

/// <summary>
/// Checks one merged link and turns it into a <see cref="LinkSpec"/> holding what the user wrote
/// (defaults come later, in enrichment). Its bridge carries the requested mode, possibly auto.
/// </summary>
internal static class LinkValidator
{
    public const int MaxVlanId = 4094;

    public static ValidatedLink? Validate(ConfigNode item, Func<string, BridgeMode> bridgeMode, ICollection<ConfigError> errors)
    {
        if (NodeValues.Mapping(item, errors) is not { } link) return null;
        var errorsBefore = errors.Count;
        NodeValues.RejectUnknownKeys(link, ConfigKeys.Link, errors);

        var type = link["type"] is { } typeNode ? ValueReaders.Enum<LinkType>(typeNode, "link type", errors) : LinkType.Veth;
        var service = Read(link, "service", NodeValues.String, errors);
        var container = Read(link, "container", NodeValues.String, errors);
        if (link.Contains("service") == link.Contains("container"))
            errors.Add(link.Location.Error("exactly one of 'service' or 'container' must be set"));
        var dev = Read(link, "dev", ValueReaders.InterfaceNameValue, errors);
        var outerDev = Read(link, "outer-dev", ValueReaders.InterfaceNameValue, errors);
        var bridge = Read(link, "bridge", ValueReaders.InterfaceNameValue, errors);
        var ips = link["ip"] is { } ipNode ? ValueReaders.Cidrs(ipNode, errors) : null;
        var mac = Read(link, "mac", ValueReaders.Mac, errors);
        var mtu = link["mtu"] is { } mtuNode ? NodeValues.Integer(mtuNode, ConfigLoadOptions.MinMtu, ConfigLoadOptions.MaxMtu, "MTU", errors) : null;
        var nat = link["nat"] is { } natNode ? ValueReaders.HostIp(natNode, "a NAT address", errors) : null;
        var mode = Read(link, "mode", NodeValues.String, errors);
        var vlanId = link["vlanid"] is { } vlanNode ? NodeValues.Integer(vlanNode, 0, MaxVlanId, "VLAN id", errors) : null;
        var route = Read(link, "route", ValueReaders.Routes, errors);
        var forward = Read(link, "forward", ValueReaders.Forwards, errors);
        var netem = Read(link, "netem", ValueReaders.Netem, errors);
        var ethtool = Read(link, "ethtool", ValueReaders.Ethtool, errors);

        Parsed<LinkMode>? parsedMode = null;
        if (type is { } linkType)
        {
            parsedMode = CheckTypeRules(link, linkType, mode, errors);
            CheckForward(link, linkType, bridge, bridgeMode, errors);
        }
        if (link["nat"] is { } natKey && !link.Contains("ip"))
            errors.Add(natKey.Location.Error("'nat' requires 'ip'"));
        else if (link["nat"] is { } natAt && nat is not null && ips is not null && !ips.Any(a => a.Family == nat.AddressFamily))
            errors.Add(natAt.Location.Error($"'nat' {nat} is {IpText.FamilyName(nat.AddressFamily)}, but 'ip' has no {IpText.FamilyName(nat.AddressFamily)} address to translate it to"));
        if (ips is not null && route is not null) CheckRouteFamilies(link, ips, route, errors);

        if (errors.Count > errorsBefore) return null;
        var spec = new LinkSpec
        {
            Type = type!.Value,
            Base = BaseOf(type.Value),
            Service = service,
            Container = container,
            Dev = dev ?? "eth0",
            OuterDev = outerDev,
            Bridge = bridge is null ? null : new BridgeSpec(bridge, bridgeMode(bridge)),
            Ips = ips ?? [],
            Mac = mac,
            Mtu = mtu,
            Nat = nat,
            Mode = parsedMode,
            VlanId = vlanId,
            Route = route ?? [],
            Forward = forward ?? [],
            Netem = netem,
            Ethtool = ethtool ?? [],
        };
        return new ValidatedLink(spec, link);
    }

    public static LinkBase BaseOf(LinkType type) => type switch
    {
        LinkType.Veth => LinkBase.Conlink,
        LinkType.Dummy => LinkBase.Local,
        _ => LinkBase.Host,
    };

    /// <summary>Checks what the type allows and requires; returns the parsed mode, if the link has a valid one.</summary>
    private static Parsed<LinkMode>? CheckTypeRules(MappingNode link, LinkType type, string? mode, ICollection<ConfigError> errors)
    {
        var name = EnumNames.Name(type);
        var hostParent = BaseOf(type) == LinkBase.Host;

        if (type == LinkType.Veth && !link.Contains("bridge"))
            errors.Add(link.Location.Error("'bridge' is required for type veth"));
        if (type != LinkType.Veth && link["bridge"] is { } bridge)
            errors.Add(bridge.Location.Error("'bridge' is only valid for type veth"));

        if (hostParent && !link.Contains("outer-dev"))
            errors.Add(link.Location.Error($"'outer-dev' (the host interface to attach to) is required for type {name}"));
        if (type == LinkType.Dummy && link["outer-dev"] is { } outerDev)
            errors.Add(outerDev.Location.Error("'outer-dev' is not valid for type dummy"));

        if (type is LinkType.Ipvlan or LinkType.Ipvtap && link["mac"] is { } mac)
            errors.Add(mac.Location.Error($"'mac' is not valid for type {name} (it shares its parent's MAC address)"));

        var modeNode = link["mode"];
        var vlanNode = link["vlanid"];
        if (modeNode is not null && vlanNode is not null)
        {
            errors.Add(link.Location.Error("'mode' and 'vlanid' cannot be used together"));
            return null;
        }
        Parsed<LinkMode>? parsed = null;
        if (modeNode is not null && !LinkModes.AcceptsMode(type))
            errors.Add(modeNode.Location.Error("'mode' is only valid for types macvlan, macvtap, ipvlan and ipvtap"));
        else if (modeNode is not null && mode is not null)
        {
            var (value, problem) = LinkModes.Parse(type, mode);
            if (problem is not null) errors.Add(modeNode.Location.Error(problem));
            else parsed = new Parsed<LinkMode>(mode, value!);
        }
        if (vlanNode is not null && type != LinkType.Vlan)
            errors.Add(vlanNode.Location.Error("'vlanid' is only valid for type vlan"));
        if (vlanNode is null && type == LinkType.Vlan)
            errors.Add(link.Location.Error("'vlanid' is required for type vlan"));
        return parsed;
    }

    /// <summary>
    /// A forward goes to the link's first address of each family it has, IPv4 and IPv6 alike; which
    /// families conlink can forward over depends on its own Docker interface, known only at run time
    /// (see <see cref="Planning.ForwardFamilies"/>).
    /// </summary>
    private static void CheckForward(MappingNode link, LinkType type, string? bridge, Func<string, BridgeMode> bridgeMode, ICollection<ConfigError> errors)
    {
        if (link["forward"] is not { } forward) return;
        if (type != LinkType.Veth)
            errors.Add(forward.Location.Error("'forward' is only valid for type veth"));
        if (!link.Contains("ip"))
            errors.Add(forward.Location.Error("'forward' requires 'ip'"));
        if (bridge is not null && bridgeMode(bridge) == BridgeMode.Patch)
            errors.Add(forward.Location.Error($"'forward' needs a bridge in mode ovs or linux, but bridge '{bridge}' is in mode patch"));
    }

    /// <summary>
    /// A route via a gateway needs an address of the gateway's family on the link, or the kernel
    /// cannot reach the gateway (unless it is link-local or the route says onlink).
    /// </summary>
    private static void CheckRouteFamilies(MappingNode link, IReadOnlyList<CidrAddress> ips, IReadOnlyList<Parsed<RouteSpec>> routes, ICollection<ConfigError> errors)
    {
        var items = ((SequenceNode)link["route"]!).Items;
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i].Value;
            if (route.Gateway is not { } gateway || route.OnLink || gateway.IsIPv6LinkLocal) continue;
            if (ips.Any(a => a.Family == gateway.AddressFamily)) continue;
            var family = IpText.FamilyName(gateway.AddressFamily);
            errors.Add(items[i].Location.Error(
                $"route '{routes[i].Text}' goes via the {family} gateway {gateway}, but 'ip' has no {family} address (add one, or 'onlink')"));
        }
    }

    private static T? Read<T>(MappingNode link, string key, Func<ConfigNode, ICollection<ConfigError>, T?> read, ICollection<ConfigError> errors)
        where T : class =>
        link[key] is { } node ? read(node, errors) : null;
}
