using Conlink.Config.Model;

namespace Conlink.Config;

/// <summary>
/// Everything besides the files that decides how a configuration loads. The environment is a
/// lookup function so that loading stays pure; the CLI passes the process environment.
/// </summary>
public sealed record ConfigLoadOptions
{
    public const int MinMtu = 68;
    public const int MaxMtu = 65535;

    /// <summary>MTU of links that set none, except the *vlan/*vtap types, which inherit their parent's (<c>--default-mtu</c>).</summary>
    public int DefaultMtu { get; init; } = MaxMtu;

    /// <summary>Mode of bridges that links or tunnels name without a <c>bridges</c> entry (<c>--default-bridge-mode</c>).</summary>
    public BridgeMode DefaultBridgeMode { get; init; } = BridgeMode.Auto;

    /// <summary>
    /// What <see cref="BridgeMode.Auto"/> resolves to: <see cref="BridgeMode.Ovs"/> or
    /// <see cref="BridgeMode.Linux"/>. The caller decides (<see cref="AutoBridgeChoice.Decide"/>).
    /// </summary>
    public BridgeMode AutoBridgeMode
    {
        get;
        init => field = value is BridgeMode.Ovs or BridgeMode.Linux
            ? value
            : throw new ArgumentOutOfRangeException(nameof(AutoBridgeMode), value, "auto resolves to ovs or linux only");
    } = BridgeMode.Linux;

    /// <summary>When false, veth links get <c>--offload tx off</c> as their first ethtool setting (<c>--keep-veth-offload</c>).</summary>
    public bool KeepVethOffload { get; init; }

    /// <summary>
    /// How many replicas compose starts of each service, when the compose files say
    /// (<see cref="ComposeReplicas"/>); a service's links are then checked for every replica's offsets.
    /// </summary>
    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>();

    /// <summary>Looks up an environment variable for interpolation; null when unset.</summary>
    public Func<string, string?> Environment { get; init; } = _ => null;
}
