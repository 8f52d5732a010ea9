using System.Net;
using System.Net.Sockets;

namespace Conlink.Config.Model;

/// <summary>
/// Strict address text of either family: IPv4 as <see cref="Ipv4Text"/> reads it, IPv6 in the
/// RFC 4291 text forms (<c>fd00::1</c>, <c>fd00:0:0:0:0:0:0:1</c>, <c>::ffff:10.0.0.1</c>) without a
/// zone (<c>%eth0</c>) or brackets, which name no address of their own.
/// </summary>
public static class IpText
{
    public static IPAddress? Parse(string text) =>
        Problem(text) is null ? (text.Contains(':') ? IPAddress.Parse(text) : Ipv4Text.TryParse(text, out var v4) ? v4 : null) : null;

    /// <summary>Why <paramref name="text"/> is not an IP address; null when it is one.</summary>
    public static string? Problem(string text)
    {
        if (!text.Contains(':'))
            return Ipv4Text.TryParse(text, out _) ? null : $"'{text}' is not an IPv4 address";
        if (text.IndexOfAny(['%', '[', ']', '/', ' ']) >= 0
            || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            return $"'{text}' is not an IPv6 address";
        return null;
    }

    /// <summary>Only addresses of <paramref name="family"/>; anything else is a problem naming the family.</summary>
    public static string? Problem(string text, AddressFamily family)
    {
        if (Problem(text) is { } problem) return problem;
        return Parse(text)!.AddressFamily == family ? null : $"'{text}' is not an {FamilyName(family)} address";
    }

    public static string FamilyName(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
