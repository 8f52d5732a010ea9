using System.Net;
using System.Net.NetworkInformation;
using Conlink.Config.Loading;
using Conlink.Config.Model;
using Conlink.Syntax;
using Conlink.Syntax.Netem;
using Conlink.Syntax.Routes;

namespace Conlink.Config.Validation;

/// <summary>Reads of the configuration's value types: names, addresses, forwards.</summary>
internal static class ValueReaders
{
    public static string? InterfaceNameValue(ConfigNode node, ICollection<ConfigError> errors) =>
        Checked(NodeValues.String(node, errors), InterfaceName.Problem, node, errors);

    /// <summary>
    /// <c>ip</c>: one address with its prefix length, or a list of them (IPv4 and/or IPv6), in order.
    /// Each bad entry is an error at that entry; the same address twice is an error at the second.
    /// </summary>
    public static IReadOnlyList<CidrAddress>? Cidrs(ConfigNode node, ICollection<ConfigError> errors)
    {
        var items = node is SequenceNode sequence ? sequence.Items : [node];
        if (node is SequenceNode { Items.Count: 0 })
        {
            errors.Add(node.Location.Error("must list at least one address (leave 'ip' out for none)"));
            return null;
        }
        var addresses = new List<CidrAddress>();
        var ok = true;
        foreach (var item in items)
        {
            if (NodeValues.String(item, errors) is not { } text)
            {
                ok = false;
                continue;
            }
            if (CidrAddress.Problem(text) is { } problem)
            {
                errors.Add(item.Location.Error(problem));
                ok = false;
                continue;
            }
            var cidr = CidrAddress.Parse(text);
            if (HostAddress.InterfaceProblem(cidr) is { } hostProblem)
            {
                errors.Add(item.Location.Error($"'{cidr}' cannot be a host address: {hostProblem}"));
                ok = false;
                continue;
            }
            if (addresses.Any(a => a.Address.Equals(cidr.Address)))
            {
                errors.Add(item.Location.Error($"'{text}': address {cidr.Address} is listed twice"));
                ok = false;
                continue;
            }
            addresses.Add(cidr);
        }
        return ok ? addresses : null;
    }

    /// <summary>An IPv4 or IPv6 address that one host has (a NAT target, a tunnel's remote): not any, broadcast, loopback or multicast.</summary>
    public static IPAddress? HostIp(ConfigNode node, string what, ICollection<ConfigError> errors)
    {
        if (Ip(node, errors) is not { } address) return null;
        if (HostAddress.AddressProblem(address) is not { } problem) return address;
        errors.Add(node.Location.Error($"'{address}' cannot be {what}: {problem}"));
        return null;
    }

    /// <summary>ethtool entries: each names an option (a blank entry would run ethtool with no option).</summary>
    public static IReadOnlyList<string>? Ethtool(ConfigNode node, ICollection<ConfigError> errors)
    {
        if (NodeValues.Lines(node, errors) is not { } lines) return null;
        var items = ((SequenceNode)node).Items;
        var ok = true;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i])) continue;
            errors.Add(items[i].Location.Error("an ethtool entry must not be empty or only whitespace"));
            ok = false;
        }
        return ok ? lines : null;
    }

    /// <summary>An IPv4 or IPv6 address (no prefix length).</summary>
    public static IPAddress? Ip(ConfigNode node, ICollection<ConfigError> errors)
    {
        if (NodeValues.String(node, errors) is not { } text) return null;
        if (IpText.Problem(text) is not { } problem) return IpText.Parse(text);
        errors.Add(node.Location.Error(problem));
        return null;
    }

    public static PhysicalAddress? Mac(ConfigNode node, ICollection<ConfigError> errors)
    {
        if (NodeValues.String(node, errors) is not { } text) return null;
        string? problem = null;
        if (!MacAddresses.TryParse(text, out var mac)) problem = $"'{text}' is not a MAC address (expected six hex octets such as 02:00:00:00:00:01)";
        else if (MacAddresses.IsMulticast(mac)) problem = $"'{text}' is a multicast MAC address (the first octet must be even)";
        else if (MacAddresses.IsZero(mac)) problem = $"'{text}' is the all-zero MAC address, which no interface can take";
        if (problem is null) return mac;
        errors.Add(node.Location.Error(problem));
        return null;
    }

    public static IReadOnlyList<ForwardSpec>? Forwards(ConfigNode node, ICollection<ConfigError> errors)
    {
        if (NodeValues.Lines(node, errors) is not { } lines) return null;
        var items = ((SequenceNode)node).Items;
        var forwards = new List<ForwardSpec>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (forward, problem) = ForwardText.Parse(lines[i]);
            if (forward is not null) forwards.Add(forward);
            else errors.Add(items[i].Location.Error(problem!));
        }
        return forwards.Count == lines.Count ? forwards : null;
    }

    /// <summary>Each entry an <c>ip route add</c> argument list; an entry that is not is an error at that entry.</summary>
    public static IReadOnlyList<Parsed<RouteSpec>>? Routes(ConfigNode node, ICollection<ConfigError> errors)
    {
        if (NodeValues.Lines(node, errors) is not { } lines) return null;
        var items = ((SequenceNode)node).Items;
        var routes = new List<Parsed<RouteSpec>>();
        for (var i = 0; i < lines.Count; i++)
        {
            try
            {
                routes.Add(new Parsed<RouteSpec>(lines[i], RouteParser.Parse(lines[i])));
            }
            catch (SyntaxException e)
            {
                errors.Add(items[i].Location.Error(e.Message));
            }
        }
        return routes.Count == lines.Count ? routes : null;
    }

    /// <summary>
    /// tc netem options, the entries joined into one qdisc as the kernel gets them. An error is
    /// reported at the entry that holds the token at fault.
    /// </summary>
    public static NetemSetting? Netem(ConfigNode node, ICollection<ConfigError> errors)
    {
        if (NodeValues.Lines(node, errors) is not { } lines || lines.Count == 0) return null;
        var setting = new NetemSetting(lines, new NetemSpec());
        try
        {
            return setting with { Spec = NetemParser.Parse(setting.Text) };
        }
        catch (SyntaxException e)
        {
            var items = ((SequenceNode)node).Items;
            var at = Enumerable.Range(0, lines.Count)
                .FirstOrDefault(i => lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Contains(e.Token), lines.Count - 1);
            errors.Add((items.Count > 0 ? items[at] : node).Location.Error(e.Message));
            return null;
        }
    }

    /// <summary>An enum value written in lower case, or an error listing the accepted values.</summary>
    public static T? Enum<T>(ConfigNode node, string what, ICollection<ConfigError> errors) where T : struct, System.Enum
    {
        if (NodeValues.String(node, errors) is not { } text) return null;
        if (EnumNames.Parse<T>(text) is { } value) return value;
        errors.Add(node.Location.Error($"'{text}' is not a {what} (expected one of: {EnumNames.List<T>()})"));
        return null;
    }

    private static string? Checked(string? value, Func<string, string?> problem, ConfigNode node, ICollection<ConfigError> errors)
    {
        if (value is null || problem(value) is not { } message) return value;
        errors.Add(node.Location.Error(message));
        return null;
    }
}
