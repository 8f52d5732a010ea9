using System.Globalization;
using System.Text.RegularExpressions;
using Conlink.Config.Model;

namespace Conlink.Config.Validation;

/// <summary>Parses a port forward written <c>OUTER:INNER/tcp</c> or <c>OUTER:INNER/udp</c>.</summary>
internal static partial class ForwardText
{
    public const int MaxPort = 65535;

    /// <summary>The forward, or the reason <paramref name="text"/> is not one.</summary>
    public static (ForwardSpec? Forward, string? Problem) Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
            return (null, $"'{text}' is not a port forward (expected OUTER:INNER/tcp or OUTER:INNER/udp)");
        var outer = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var inner = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        foreach (var port in new[] { outer, inner })
            if (port is < 1 or > MaxPort) return (null, $"port {port} in '{text}' is out of range (1..{MaxPort})");
        var protocol = match.Groups[3].Value == "tcp" ? ForwardProtocol.Tcp : ForwardProtocol.Udp;
        return (new ForwardSpec(outer, inner, protocol), null);
    }

    [GeneratedRegex(@"^([0-9]{1,5}):([0-9]{1,5})/(tcp|udp)$")]
    private static partial Regex Pattern();
}
