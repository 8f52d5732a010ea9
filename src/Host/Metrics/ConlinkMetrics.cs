using Conlink.Actors.Metrics;
using Conlink.Actors.Status;
using Conlink.Host.Traffic;
using Prometheus;

namespace Conlink.Host.Metrics;

/// <summary>
/// conlink's Prometheus registry (prometheus-net, a registry of its own: no process or runtime
/// collectors are started). Engine events are counted as they happen (<see cref="IEngineMetrics"/>);
/// the per-link series are read from the kernel when scraped, in one dump per namespace, and never
/// polled in the background. Each link's series are made the first time a scrape sees it and kept:
/// a scrape only sets their values. A link that goes away loses its series; a link made again (its
/// kernel counters start from zero) starts its series again.
/// </summary>
public sealed class ConlinkMetrics : IEngineMetrics
{
    private static readonly string[] LinkLabels = ["container", "service", "dev", "bridge", "type"];

    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Gauge _linkUp, _expected, _ready, _clusterMembers;
    private readonly Counter _rxBytes, _txBytes, _rxPackets, _txPackets, _rxErrors, _txErrors, _rxDropped, _txDropped;
    private readonly Histogram _linkSetup, _kernelOperation;
    private readonly Counter _actorRestarts, _dockerEvents;
    /// <summary>The eight counter families in the order <see cref="LinkSeries.SetTotals"/> sets them.</summary>
    private readonly Counter[] _totals;
    private readonly Lock _scrape = new();
    private readonly Dictionary<string, LinkSeries> _links = new(StringComparer.Ordinal);
    private long _generation;
    private HashSet<string> _clusterStates = [];
    private Func<CancellationToken, Task<TrafficSnapshot>>? _traffic;
    private Func<IReadOnlyDictionary<string, int>>? _cluster;

    public ConlinkMetrics()
    {
        var f = Prometheus.Metrics.WithCustomRegistry(_registry);
        _linkUp = f.CreateGauge("conlink_link_up", "1 when the link is ready and its interface up and running, else 0; state: planned, creating, ready, failed",
            [.. LinkLabels, "state"]);
        _rxBytes = f.CreateCounter("conlink_link_rx_bytes_total", "Bytes the container received on the link", LinkLabels);
        _txBytes = f.CreateCounter("conlink_link_tx_bytes_total", "Bytes the container sent on the link", LinkLabels);
        _rxPackets = f.CreateCounter("conlink_link_rx_packets_total", "Packets the container received on the link", LinkLabels);
        _txPackets = f.CreateCounter("conlink_link_tx_packets_total", "Packets the container sent on the link", LinkLabels);
        _rxErrors = f.CreateCounter("conlink_link_rx_errors_total", "Receive errors on the link, container side", LinkLabels);
        _txErrors = f.CreateCounter("conlink_link_tx_errors_total", "Transmit errors on the link, container side", LinkLabels);
        _rxDropped = f.CreateCounter("conlink_link_rx_dropped_total", "Packets dropped on their way into the container", LinkLabels);
        _txDropped = f.CreateCounter("conlink_link_tx_dropped_total", "Packets the container sent that were dropped", LinkLabels);
        _expected = f.CreateGauge("conlink_links_expected", "Links conlink expects now: those of the running matched containers, and tunnels");
        _ready = f.CreateGauge("conlink_links_ready", "Expected links that are ready");
        _linkSetup = f.CreateHistogram("conlink_link_setup_seconds", "Time from conlink seeing a container start to one of its links being ready",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
        _kernelOperation = f.CreateHistogram("conlink_kernel_operation_seconds", "Duration of kernel operations (netlink requests, ethtool, iptables), by kind",
            ["op"], new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.00002, 4, 10) });
        _actorRestarts = f.CreateCounter("conlink_actor_restarts_total", "Actors restarted by their supervisor after a fault", ["actor"]);
        _dockerEvents = f.CreateCounter("conlink_docker_events_total", "Container events received from the container engines", ["kind"]);
        _clusterMembers = f.CreateGauge("conlink_cluster_members", "Cluster members by state (cluster mode only)", ["state"]);
        _totals = [_rxBytes, _txBytes, _rxPackets, _txPackets, _rxErrors, _txErrors, _rxDropped, _txDropped];
    }

    /// <summary>Where the per-link series come from: read at each scrape. Until it is set, they are absent.</summary>
    public void UseTraffic(Func<CancellationToken, Task<TrafficSnapshot>> traffic) => _traffic = traffic;

    /// <summary>
    /// The hook for cluster mode: members by state (<c>up</c>, <c>unreachable</c>, ...), read at each
    /// scrape into <c>conlink_cluster_members{state}</c>. Without it the series is absent.
    /// </summary>
    public void UseClusterMembers(Func<IReadOnlyDictionary<string, int>> members) => _cluster = members;

    /// <summary>
    /// Writes every series in the Prometheus text format (version 0.0.4), reading the links first. A
    /// reading that fails (the engine or the kernel did not answer) fails the scrape, before anything
    /// is written: the links are read here rather than in a before-collect callback of the registry,
    /// which would log the failure to Trace and serve the last values as if they were current.
    /// </summary>
    public async Task WriteAsync(Stream output, CancellationToken ct)
    {
        await RefreshAsync(ct).ConfigureAwait(false);
        await _registry.CollectAndExportAsTextAsync(output, ct).ConfigureAwait(false);
    }

    /// <summary>The Content-Type of what <see cref="WriteAsync"/> writes.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public void DockerEvent(string kind) => _dockerEvents.WithLabels(kind).Inc();

    public void ActorRestarted(string actor) => _actorRestarts.WithLabels(actor).Inc();

    public void LinkSetup(TimeSpan elapsed) => _linkSetup.Observe(elapsed.TotalSeconds);

    public void KernelOperation(string operation, TimeSpan elapsed)
    {
        var space = operation.IndexOf(' ');
        _kernelOperation.WithLabels(space < 0 ? operation : operation[..space]).Observe(elapsed.TotalSeconds);
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        if (_cluster is { } cluster) Publish(cluster());
        if (_traffic is not { } traffic) return;
        var snapshot = await traffic(ct).ConfigureAwait(false);
        lock (_scrape) Publish(snapshot);
    }

    /// <summary>
    /// Sets the values of the series kept for each link. A link seen for the first time (or with
    /// other labels) gets its series made; a link gone since the last scrape loses them; a link
    /// whose state changed gets its up series under the new state label. Nothing else is made or
    /// looked up by label, so a scrape costs a dictionary lookup and nine stores per link.
    /// </summary>
    private void Publish(TrafficSnapshot snapshot)
    {
        var generation = ++_generation;
        var ready = 0;
        var seen = 0;
        foreach (var reading in snapshot.Links)
        {
            var link = reading.Link;
            if (link.State == LinkState.Ready) ready++;
            if (!_links.TryGetValue(link.Id, out var series) || !series.Matches(link))
            {
                series?.Remove();
                _links[link.Id] = series = new LinkSeries(Labels(link));
            }
            if (series.Seen != generation) seen++;
            series.Seen = generation;
            series.SetUp(_linkUp, link.State, link.State == LinkState.Ready && reading.Running);
            if (reading.Totals is { } totals) series.SetTotals(_totals, totals);
            else series.RemoveCounters(); // not in the kernel now: when it is made again, its counters start from zero
        }
        _expected.Set(snapshot.Links.Count);
        _ready.Set(ready);
        if (_links.Count == seen) return;
        foreach (var (id, series) in _links)
        {
            if (series.Seen == generation) continue;
            series.Remove();
            _links.Remove(id);
        }
    }

    private void Publish(IReadOnlyDictionary<string, int> members)
    {
        lock (_scrape)
        {
            foreach (var gone in _clusterStates.Where(s => !members.ContainsKey(s)).ToList()) _clusterMembers.RemoveLabelled(gone);
            foreach (var (state, count) in members) _clusterMembers.WithLabels(state).Set(count);
            _clusterStates = [.. members.Keys];
        }
    }

    private static string[] Labels(LinkStatus link) =>
    [
        link.Owner,
        link.Service ?? "",
        link.Dev,
        Bridge(link).ToString(),
        link.Type ?? "",
    ];

    private static ReadOnlySpan<char> Bridge(LinkStatus link) =>
        link.Attachment is { } a ? (a.IndexOf(' ') is var space and > 0 ? a.AsSpan(0, space) : a) : "";

    /// <summary>
    /// The series of one link, kept from one scrape to the next: its labels, the up gauge under its
    /// current state, and its eight counters once the kernel has had them.
    /// </summary>
    private sealed class LinkSeries(string[] labels)
    {
        private LinkState? _state;
        private Gauge.Child? _up;
        private Counter.Child[]? _counters;

        /// <summary>The scrape that last saw the link.</summary>
        public long Seen { get; set; }

        public bool Matches(LinkStatus link) =>
            labels[0] == link.Owner && labels[1] == (link.Service ?? "") && labels[2] == link.Dev
            && Bridge(link).SequenceEqual(labels[3]) && labels[4] == (link.Type ?? "");

        public void SetUp(Gauge family, LinkState state, bool up)
        {
            if (_state != state)
            {
                _up?.Remove();
                _up = family.WithLabels([.. labels, state.ToString().ToLowerInvariant()]);
                _state = state;
            }
            _up!.Set(up ? 1 : 0);
        }

        public void SetTotals(Counter[] families, LinkTotals t)
        {
            var c = _counters;
            // Counters made again from zero (the link was made again): start the series again rather than hold the old total.
            if (c is not null && (c[0].Value > t.RxBytes || c[1].Value > t.TxBytes || c[2].Value > t.RxPackets || c[3].Value > t.TxPackets))
            {
                RemoveCounters();
                c = null;
            }
            if (c is null)
            {
                _counters = c = new Counter.Child[families.Length];
                for (var i = 0; i < families.Length; i++) c[i] = families[i].WithLabels(labels);
            }
            c[0].IncTo(t.RxBytes);
            c[1].IncTo(t.TxBytes);
            c[2].IncTo(t.RxPackets);
            c[3].IncTo(t.TxPackets);
            c[4].IncTo(t.RxErrors);
            c[5].IncTo(t.TxErrors);
            c[6].IncTo(t.RxDropped);
            c[7].IncTo(t.TxDropped);
        }

        public void Remove()
        {
            _up?.Remove();
            _up = null;
            _state = null;
            RemoveCounters();
        }

        public void RemoveCounters()
        {
            if (_counters is null) return;
            foreach (var child in _counters) child.Remove();
            _counters = null;
        }
    }
}
