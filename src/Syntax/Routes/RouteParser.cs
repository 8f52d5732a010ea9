using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Conlink.Syntax.Routes;

/// <summary>
/// Reads the <c>ip route add</c> arguments conlink accepts:
/// <c>[to] {default|PREFIX|ADDRESS} [via ADDRESS] [dev NAME] [metric N] [src ADDRESS] [table N] [onlink]</c>.
/// Pure: every error names the token at fault.
/// </summary>
public static class RouteParser
{
    public static RouteSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tokens.Length == 0) throw new SyntaxException("a route needs a destination (PREFIX or default)", "", text);

        var position = tokens[0] == "to" ? 1 : 0;
        if (position >= tokens.Length || IsKeyword(tokens[position]))
            throw new SyntaxException("a route needs a destination (PREFIX or default) first", tokens[Math.Min(position, tokens.Length - 1)], text);
        var route = new RouteSpec { Destination = ParseDestination(tokens[position], text) };
        var seen = new HashSet<string>();

        for (position++; position < tokens.Length; position++)
        {
            var keyword = tokens[position];
            if (!IsKeyword(keyword)) throw new SyntaxException("unknown route option", keyword, text);
            if (!seen.Add(Canonical(keyword))) throw new SyntaxException($"'{keyword}' is given twice", keyword, text);
            if (keyword == "onlink")
            {
                route = route with { OnLink = true };
                continue;
            }
            if (++position >= tokens.Length) throw new SyntaxException($"'{keyword}' needs a value", keyword, text);
            var value = tokens[position];
            route = Canonical(keyword) switch
            {
                "via" => route with { Gateway = ParseAddress(value, "gateway", text) },
                "src" => route with { Source = ParseAddress(value, "source", text) },
                "dev" => route with
                {
                    Device = InterfaceName.IsValid(value) ? value : throw new SyntaxException("not a valid interface name", value, text),
                },
                "metric" => route with { Metric = ParseNumber(value, "metric", text) },
                _ => route with { Table = ParseTable(value, text) },
            };
        }

        CheckFamilies(route, tokens, text);
        return route;
    }

    private static readonly string[] Keywords = ["via", "dev", "metric", "priority", "preference", "src", "table", "onlink"];

    private static bool IsKeyword(string token) => Array.IndexOf(Keywords, token) >= 0;

    private static string Canonical(string keyword) => keyword is "priority" or "preference" ? "metric" : keyword;

    private static IPNetwork? ParseDestination(string token, string text)
    {
        if (token == "default") return null;
        var slash = token.IndexOf('/');
        if (!IPAddress.TryParse(slash < 0 ? token : token[..slash], out var address) || token.Contains('%'))
            throw new SyntaxException("not a destination (PREFIX, ADDRESS or default)", token, text);
        var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var prefix = max;
        if (slash >= 0 && (!int.TryParse(token.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > max))
            throw new SyntaxException($"not a prefix length (0 to {max})", token, text);
        var network = new IPNetwork(NetworkAddress(address, prefix), prefix);
        if (!network.BaseAddress.Equals(address))
            throw new SyntaxException($"host bits are set (did you mean {network}?)", token, text);
        return network;
    }

    private static IPAddress ParseAddress(string token, string role, string text) =>
        IPAddress.TryParse(token, out var address) && !token.Contains('/') ? address : throw new SyntaxException($"not a {role} address", token, text);

    private static uint ParseNumber(string token, string role, string text) =>
        uint.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SyntaxException($"not a {role} (a number from 0 to {uint.MaxValue})", token, text);

    private static uint ParseTable(string token, string text) => token switch
    {
        "main" => RouteSpec.MainTable,
        "local" => RouteSpec.LocalTable,
        "default" => RouteSpec.DefaultTable,
        _ => ParseNumber(token, "table", text),
    };

    private static void CheckFamilies(RouteSpec route, string[] tokens, string text)
    {
        var family = route.Family;
        if (route.Gateway is { } gateway && gateway.AddressFamily != family)
            throw new SyntaxException("the gateway's address family differs from the destination's", Find(tokens, gateway), text);
        if (route.Source is { } source && source.AddressFamily != family)
            throw new SyntaxException("the source's address family differs from the destination's", Find(tokens, source), text);
    }

    private static string Find(string[] tokens, IPAddress address) =>
        tokens.FirstOrDefault(t => IPAddress.TryParse(t, out var a) && a.Equals(address)) ?? address.ToString();

    /// <summary>The address with its host bits cleared.</summary>
    internal static IPAddress NetworkAddress(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return new IPAddress(bytes);
    }
}
