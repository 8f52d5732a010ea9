using System.Net;

namespace Conlink.Config.Model;

/// <summary>A vxlan/geneve tunnel that joins <see cref="Bridge"/> to the same bridge on another host.</summary>
public sealed record TunnelSpec
{
    public required TunnelType Type { get; init; }
    public required BridgeSpec Bridge { get; init; }
    public required IPAddress Remote { get; init; }
    public required int Vni { get; init; }
    public IReadOnlyList<string> Netem { get; init; } = [];

    /// <summary>Interface name of the tunnel in conlink's namespace, as in the original: <c>type-vni</c>.</summary>
    public string Dev => $"{Type.ToString().ToLowerInvariant()}-{Vni}";
}
