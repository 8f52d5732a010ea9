using System.Net;
using System.Net.NetworkInformation;
using Conlink.Config.Loading;
using Conlink.Config.Model;

namespace Conlink.Config.Validation;

/// <summary>Reads of the configuration's value types: names, addresses, forwards.</summary>
internal static class ValueReaders
{
    public static string? InterfaceNameValue(ConfigNode node, ICollection<ConfigError> errors) =>
        Checked(NodeValues.String(node, errors), InterfaceName.Problem, node, errors);

    public static CidrAddress? Cidr(ConfigNode node, ICollection<ConfigError> errors)
    {
        if (NodeValues.String(node, errors) is not { } text) return null;
        if (CidrAddress.TryParse(text, out var cidr)) return cidr;
        errors.Add(node.Location.Error($"'{text}' is not an IPv4 CIDR"));
        return null;
    }

    public static IPAddress? Ipv4(ConfigNode node, ICollection<ConfigError> errors)
    {
        if (NodeValues.String(node, errors) is not { } text) return null;
        if (Ipv4Text.TryParse(text, out var address)) return address;
        errors.Add(node.Location.Error($"'{text}' is not an IPv4 address"));
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
