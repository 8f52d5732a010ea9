using Conlink.Netlink.Links;
using Conlink.Netlink.Monitor;

namespace Conlink.Kernel.Traffic;

/// <summary>
/// The bridge namespace's interfaces by index (name, alias, flags), kept current by a polled
/// <see cref="LinkMonitor"/>, so that a counter read needs only the small statistics dump and not a
/// link dump, which for a bridge port carries its whole port state. Each read first takes the
/// notifications waiting (every change completed before the read is among them); the interfaces
/// are listed when first asked for, after the kernel dropped notifications, and when a statistics
/// dump names an index the view has not seen.
/// </summary>
internal sealed class BridgeLinkView(KernelContext kernel) : IDisposable
{
    private readonly Lock _lock = new();
    private LinkMonitor? _monitor;
    private Dictionary<int, Link>? _links;
    private bool _disposed;

    /// <summary>Each of <paramref name="entries"/> with the interface it counts. Runs on the kernel threads.</summary>
    public IReadOnlyList<(Link Link, LinkStatistics Statistics)> Join(IReadOnlyList<LinkStatisticsEntry> entries)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CatchUp();
            if (_links is null || entries.Any(e => !_links.ContainsKey(e.Index)))
            {
                var bridge = kernel.BridgeHandle;
                _links = kernel.Recorder(null, null).Do(bridge, "link-list", bridge.LinkList).ToDictionary(l => l.Index);
            }
            var joined = new List<(Link, LinkStatistics)>(entries.Count);
            foreach (var entry in entries)
                if (_links.TryGetValue(entry.Index, out var link)) joined.Add((link, entry.Statistics));
            return joined;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _monitor?.Dispose();
            _monitor = null;
        }
    }

    private void CatchUp()
    {
        if (_monitor is null)
        {
            // Subscribed before the first listing, so that no change falls between the two.
            _monitor = LinkMonitor.OpenPolled(kernel.BridgeNamespace);
            _links = null;
            return;
        }
        IReadOnlyList<LinkEvent> events;
        try
        {
            events = _monitor.Poll();
        }
        catch
        {
            // The next read watches again from a fresh listing; this one fails with the reason.
            _monitor.Dispose();
            (_monitor, _links) = (null, null);
            throw;
        }
        foreach (var e in events)
        {
            if (_links is null) return;
            switch (e.Kind)
            {
                case LinkEventKind.Appeared or LinkEventKind.Changed: _links[e.Link!.Index] = e.Link; break;
                case LinkEventKind.Disappeared: _links.Remove(e.Link!.Index); break;
                case LinkEventKind.EventsLost: _links = null; break;
            }
        }
    }
}
