using System.Net;

namespace Conlink.Actors.Ports;

/// <summary>What changed when a span's flood list was brought in line with the cluster.</summary>
public sealed record FloodChanges(IReadOnlyList<IPAddress> Added, IReadOnlyList<IPAddress> Removed)
{
    public bool Any => Added.Count > 0 || Removed.Count > 0;
}

/// <summary>
/// The vxlan of one spanned bridge in the bridge namespace: learning on, no fixed remote, and one
/// all-zeros FDB entry per peer (head-end replication).
/// </summary>
public interface ISpanBackend
{
    /// <summary>Creates (or adopts) the vxlan, up. Returns the underlay interface's MTU when it can tell.</summary>
    Task<int?> EnsureAsync(CancellationToken ct);

    /// <summary>Makes the vxlan's all-zeros entries exactly <paramref name="peers"/>: adds the missing ones, removes the others.</summary>
    Task<FloodChanges> ReconcileFloodAsync(IReadOnlySet<IPAddress> peers, CancellationToken ct);

    Task DeleteAsync(CancellationToken ct);
}
