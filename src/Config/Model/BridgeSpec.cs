namespace Conlink.Config.Model;

/// <summary>A bridge conlink owns, by name, and how it is realised.</summary>
public sealed record BridgeSpec(string Name, BridgeMode Mode)
{
    /// <summary>
    /// True when <see cref="Mode"/> was resolved from <see cref="BridgeMode.Auto"/> (ovs when the
    /// openvswitch module is loaded, else linux), so the caller can say so once.
    /// </summary>
    public bool ModeWasAuto { get; init; }

    /// <summary>Set for <c>span: cluster</c>: the bridge spans every cluster member that declares it.</summary>
    public ClusterSpan? Span { get; init; }

    /// <summary>The status and trace id of the span's vxlan, <c>span:BRIDGE</c>.</summary>
    public string SpanLinkId => ClusterSpan.LinkIdPrefix + Name;
}
