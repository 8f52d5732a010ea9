using Conlink.Actors.Status;
using Conlink.Kernel.Traffic;

namespace Conlink.Host.Traffic;

/// <summary>
/// Reads every link's counters when asked (a scrape, <c>conlink status</c>): the engine's status
/// says which links there are, the kernel's counters say what crossed them. Nothing is polled in
/// the background.
/// </summary>
public sealed class TrafficReader(Func<CancellationToken, Task<StatusTracker.Snapshot>> status, LinkTraffic kernel)
{
    public LinkTraffic Kernel => kernel;

    public async Task<TrafficSnapshot> ReadAsync(CancellationToken ct)
    {
        var snapshot = await status(ct).ConfigureAwait(false);
        var counters = await kernel.ReadCountersAsync(snapshot.Links.Select(ToTrafficLink).ToList(), ct).ConfigureAwait(false);
        var readings = snapshot.Links.Select(l => counters.TryGetValue(l.Id, out var c)
            ? new LinkReading(l, Totals(c), c.Running)
            : new LinkReading(l, null, false)).ToList();
        return new TrafficSnapshot(DateTimeOffset.UtcNow, snapshot, readings);
    }

    public static TrafficLink ToTrafficLink(LinkStatus link) => new(link.Id, link.Owner, link.Dev);

    private static LinkTotals Totals(LinkCounters c)
    {
        var s = c.Statistics;
        return new LinkTotals(s.RxBytes, s.RxPackets, s.RxErrors, s.RxDropped, s.TxBytes, s.TxPackets, s.TxErrors, s.TxDropped);
    }
}
