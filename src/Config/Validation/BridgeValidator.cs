using Conlink.Config.Loading;
using Conlink.Config.Model;

namespace Conlink.Config.Validation;

/// <summary>
/// Checks one <c>bridges</c> entry: a name, an optional mode (default: the default bridge mode),
/// and for a bridge across the cluster <c>span: cluster</c> with an optional <c>vni</c> (default:
/// derived from the name).
/// </summary>
internal static class BridgeValidator
{
    public static BridgeSpec? Validate(ConfigNode item, BridgeMode defaultMode, ICollection<ConfigError> errors)
    {
        if (NodeValues.Mapping(item, errors) is not { } bridge) return null;
        var errorsBefore = errors.Count;
        NodeValues.RejectUnknownKeys(bridge, ConfigKeys.Bridge, errors);
        var name = bridge["bridge"] is { } nameNode ? ValueReaders.InterfaceNameValue(nameNode, errors) : null;
        if (!bridge.Contains("bridge"))
            errors.Add(bridge.Location.Error("'bridge' (the bridge name) is required"));
        var mode = bridge["mode"] is { } modeNode ? ValueReaders.Enum<BridgeMode>(modeNode, "bridge mode", errors) : defaultMode;
        var span = Span(bridge, mode, errors);
        if (errors.Count > errorsBefore) return null;
        return new BridgeSpec(name!, mode!.Value) { Span = span is null ? null : span with { Vni = span.VniWasDerived ? ClusterSpan.DerivedVni(name!) : span.Vni } };
    }

    private static ClusterSpan? Span(MappingNode bridge, BridgeMode? mode, ICollection<ConfigError> errors)
    {
        var vni = bridge["vni"] is { } vniNode ? NodeValues.Integer(vniNode, 1, ClusterSpan.MaxVni, "VNI", errors) : null;
        if (bridge["span"] is not { } spanNode)
        {
            if (bridge["vni"] is { } lone) errors.Add(lone.Location.Error("'vni' is only for a bridge with 'span: cluster'"));
            return null;
        }
        if (NodeValues.String(spanNode, errors) is not { } span) return null;
        if (span != ClusterSpan.Cluster)
        {
            errors.Add(spanNode.Location.Error($"span must be '{ClusterSpan.Cluster}', not '{span}'"));
            return null;
        }
        if (mode == BridgeMode.Patch)
            errors.Add(spanNode.Location.Error("a patch bridge joins exactly two links and cannot span the cluster; use mode linux, ovs or auto"));
        return new ClusterSpan(vni ?? 0, VniWasDerived: vni is null);
    }
}
