using System.Net;

namespace Conlink.Config.Model;

/// <summary>A vxlan/geneve tunnel that joins <see cref="Bridge"/> to the same bridge on another host.</summary>
public sealed record TunnelSpec
{
    public required TunnelType Type { get; init; }
    public required BridgeSpec Bridge { get; init; }
    public required IPAddress Remote { get; init; }
    public required int Vni { get; init; }
    public NetemSetting? Netem { get; init; }

    /// <summary>Status and trace name a tunnel <c>tunnel:DEV</c>, apart from container links (<c>container:dev</c>).</summary>
    public const string LinkIdPrefix = "tunnel:";

    public string LinkId => LinkIdPrefix + Dev;

    /// <summary>Interface name of the tunnel in conlink's namespace, as in the original: <c>type-vni</c>.</summary>
    public string Dev => $"{Type.ToString().ToLowerInvariant()}-{Vni}";
}
