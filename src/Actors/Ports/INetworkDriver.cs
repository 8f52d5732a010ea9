using Conlink.Config.Model;
using Conlink.Config.Planning;

namespace Conlink.Actors.Ports;

/// <summary>
/// The kernel as the engine sees it. The real implementation speaks rtnetlink; actor tests use a
/// fake. Every operation converges: it adopts what is already right and repairs what is not, so
/// running it twice, or after a crash, neither duplicates nor fails.
/// </summary>
public interface INetworkDriver
{
    /// <summary>Opens the network namespace of a running container (by its pid).</summary>
    Task<IContainerNetwork> OpenContainerAsync(ContainerIdentity container, CancellationToken ct);

    /// <summary>The backend for one bridge, by its mode (linux, ovs or patch; never auto).</summary>
    IBridgeBackend Bridge(BridgeSpec bridge);

    /// <summary>The backend for one tunnel, created in the bridge namespace.</summary>
    ITunnelBackend Tunnel(TunnelSpec tunnel);

    /// <summary>The backend for the vxlan of a bridge with <c>span: cluster</c>.</summary>
    ISpanBackend Span(BridgeSpec bridge);

    /// <summary>Interfaces that disappear from the bridge namespace, whoever removed them.</summary>
    IAsyncEnumerable<InterfaceEvent> WatchBridgeNamespaceAsync(CancellationToken ct);

    /// <summary>
    /// Removes conlink-made interfaces in the bridge namespace that no plan wants any more
    /// (left by a crash or by containers that died while conlink was down). Returns their names.
    /// </summary>
    Task<IReadOnlyList<string>> SweepStaleAsync(IReadOnlySet<string> keepOuterDevs, CancellationToken ct);
}
