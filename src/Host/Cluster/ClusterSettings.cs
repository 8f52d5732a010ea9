using System.Globalization;
using System.Net;

namespace Conlink.Host.Cluster;

/// <summary>Cluster mode as the command line gives it: <c>--cluster-bind</c>, <c>--cluster-seed</c>, <c>--cluster-tls-cert</c>.</summary>
public sealed record ClusterSettings
{
    public const int DefaultPort = Conlink.Cluster.ClusterMemberOptions.DefaultPort;

    public required IPEndPoint Bind { get; init; }
    public IReadOnlyList<IPEndPoint> Seeds { get; init; } = [];
    public string? TlsCertificateFile { get; init; }
    public string? TlsCertificatePassword { get; init; }

    /// <summary>
    /// <c>IP[:PORT]</c> (IPv6 as <c>[IP]:PORT</c>), the port 4053 when left out. A wildcard address is
    /// refused: a member is reached at one address, which the others use for their vxlan entries too.
    /// </summary>
    /// <exception cref="FormatException">With a message that names the value and what is wrong.</exception>
    public static IPEndPoint ParseEndpoint(string text, string option)
    {
        var value = text.Trim();
        string host = value, port = "";
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw new FormatException($"{option}: '{text}' has no closing ']'");
            host = value[1..close];
            port = value[(close + 1)..] is [':', .. var rest] ? rest : value[(close + 1)..] is "" ? "" : throw new FormatException($"{option}: '{text}' is not IP[:PORT]");
        }
        else if (value.Count(c => c == ':') == 1)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            host = value[..colon];
            port = value[(colon + 1)..];
        }
        if (!IPAddress.TryParse(host, out var address)) throw new FormatException($"{option}: '{host}' is not an IP address (give IP[:PORT])");
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            throw new FormatException($"{option}: {address} is a wildcard; give this host's address on the underlay");
        var number = DefaultPort;
        if (port.Length > 0 && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
            throw new FormatException($"{option}: port '{port}' must be from 1 to 65535");
        return new IPEndPoint(address, number);
    }
}
