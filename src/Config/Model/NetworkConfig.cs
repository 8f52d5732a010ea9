namespace Conlink.Config.Model;

/// <summary>
/// The whole loaded, validated and enriched network configuration, grouped as the original's
/// <c>--show-config</c> output: bridges by name, tunnels, and endpoints by container and service name.
/// </summary>
public sealed record NetworkConfig(
    IReadOnlyDictionary<string, BridgeSpec> Bridges,
    IReadOnlyList<TunnelSpec> Tunnels,
    IReadOnlyDictionary<string, EndpointConfig> Containers,
    IReadOnlyDictionary<string, EndpointConfig> Services)
{
    /// <summary>
    /// How many replicas compose starts of each service whose compose file says (<see cref="ComposeReplicas"/>),
    /// merged with <see cref="ConfigLoadOptions.Replicas"/>; services absent here get one.
    /// </summary>
    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>();

    public static NetworkConfig Empty { get; } = new(
        new Dictionary<string, BridgeSpec>(), [], new Dictionary<string, EndpointConfig>(), new Dictionary<string, EndpointConfig>());
}
