using Conlink.Config.Loading;
using Conlink.Config.Model;

namespace Conlink.Config.Validation;

/// <summary>Checks one <c>tunnels</c> entry: type, bridge, remote and vni are required.</summary>
internal static class TunnelValidator
{
    public const int MaxVni = (1 << 24) - 1;

    public static TunnelSpec? Validate(ConfigNode item, Func<string, BridgeMode> bridgeMode, ICollection<ConfigError> errors)
    {
        if (NodeValues.Mapping(item, errors) is not { } tunnel) return null;
        var errorsBefore = errors.Count;
        NodeValues.RejectUnknownKeys(tunnel, ConfigKeys.Tunnel, errors);
        foreach (var key in new[] { "type", "bridge", "remote", "vni" }.Where(k => !tunnel.Contains(k)))
            errors.Add(tunnel.Location.Error($"'{key}' is required"));

        var type = tunnel["type"] is { } typeNode ? ValueReaders.Enum<TunnelType>(typeNode, "tunnel type", errors) : null;
        var bridge = tunnel["bridge"] is { } bridgeNode ? ValueReaders.InterfaceNameValue(bridgeNode, errors) : null;
        var remote = tunnel["remote"] is { } remoteNode ? ValueReaders.HostIp(remoteNode, "a tunnel's remote", errors) : null;
        var vni = tunnel["vni"] is { } vniNode ? NodeValues.Integer(vniNode, 0, MaxVni, "VNI", errors) : null;
        var netem = tunnel["netem"] is { } netemNode ? ValueReaders.Netem(netemNode, errors) : null;

        if (errors.Count > errorsBefore) return null;
        return new TunnelSpec
        {
            Type = type!.Value,
            Bridge = new BridgeSpec(bridge!, bridgeMode(bridge!)),
            Remote = remote!,
            Vni = vni!.Value,
            Netem = netem,
        };
    }
}
