using Conlink.Actors.Metrics;
using Conlink.Actors.Status;
using Conlink.Host.Traffic;
using Prometheus;

namespace Conlink.Host.Metrics;

/// <summary>
/// conlink's Prometheus registry (prometheus-net, a registry of its own: no process or runtime
/// collectors are started). Engine events are counted as they happen (<see cref="IEngineMetrics"/>);
/// the per-link series are read from the kernel when scraped, in one dump, and never polled in the
/// background. A link that goes away loses its series; a link made again (its kernel counters
/// start from zero) starts its series again.
/// </summary>
public sealed class ConlinkMetrics : IEngineMetrics
{
    private static readonly string[] LinkLabels = ["container", "service", "dev", "bridge", "type"];

    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Gauge _linkUp, _expected, _ready, _clusterMembers;
    private readonly Counter _rxBytes, _txBytes, _rxPackets, _txPackets, _rxErrors, _txErrors, _rxDropped, _txDropped;
    private readonly Histogram _linkSetup, _kernelOperation;
    private readonly Counter _actorRestarts, _dockerEvents;
    private readonly Lock _scrape = new();
    private Dictionary<string, string[]> _linkSeries = new(StringComparer.Ordinal);
    private Dictionary<string, string[]> _upSeries = new(StringComparer.Ordinal);
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
        _registry.AddBeforeCollectCallback(RefreshAsync);
    }

    /// <summary>Where the per-link series come from: read at each scrape. Until it is set, they are absent.</summary>
    public void UseTraffic(Func<CancellationToken, Task<TrafficSnapshot>> traffic) => _traffic = traffic;

    /// <summary>
    /// The hook for cluster mode: members by state (<c>up</c>, <c>unreachable</c>, ...), read at each
    /// scrape into <c>conlink_cluster_members{state}</c>. Without it the series is absent.
    /// </summary>
    public void UseClusterMembers(Func<IReadOnlyDictionary<string, int>> members) => _cluster = members;

    /// <summary>Writes every series in the Prometheus text format (version 0.0.4), reading the links first.</summary>
    public Task WriteAsync(Stream output, CancellationToken ct) => _registry.CollectAndExportAsTextAsync(output, ct);

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

    private void Publish(TrafficSnapshot snapshot)
    {
        _expected.Set(snapshot.Links.Count);
        _ready.Set(snapshot.Links.Count(r => r.Link.State == LinkState.Ready));
        var linkSeries = new Dictionary<string, string[]>(snapshot.Links.Count, StringComparer.Ordinal);
        var upSeries = new Dictionary<string, string[]>(snapshot.Links.Count, StringComparer.Ordinal);
        foreach (var reading in snapshot.Links)
        {
            var link = reading.Link;
            var labels = Labels(link);
            var state = link.State.ToString().ToLowerInvariant();
            string[] up = [.. labels, state];
            if (_upSeries.TryGetValue(link.Id, out var oldUp) && !oldUp.SequenceEqual(up)) _linkUp.RemoveLabelled(oldUp);
            _linkUp.WithLabels(up).Set(link.State == LinkState.Ready && reading.Running ? 1 : 0);
            upSeries[link.Id] = up;

            if (reading.Totals is not { } t) continue;
            if (_linkSeries.TryGetValue(link.Id, out var old) && !old.SequenceEqual(labels)) RemoveCounters(old);
            // Counters made again from zero: start the series again rather than hold the old total.
            if (_rxPackets.WithLabels(labels).Value > t.RxPackets || _txPackets.WithLabels(labels).Value > t.TxPackets
                || _rxBytes.WithLabels(labels).Value > t.RxBytes || _txBytes.WithLabels(labels).Value > t.TxBytes)
                RemoveCounters(labels);
            _rxBytes.WithLabels(labels).IncTo(t.RxBytes);
            _txBytes.WithLabels(labels).IncTo(t.TxBytes);
            _rxPackets.WithLabels(labels).IncTo(t.RxPackets);
            _txPackets.WithLabels(labels).IncTo(t.TxPackets);
            _rxErrors.WithLabels(labels).IncTo(t.RxErrors);
            _txErrors.WithLabels(labels).IncTo(t.TxErrors);
            _rxDropped.WithLabels(labels).IncTo(t.RxDropped);
            _txDropped.WithLabels(labels).IncTo(t.TxDropped);
            linkSeries[link.Id] = labels;
        }
        foreach (var (id, labels) in _upSeries)
            if (!upSeries.ContainsKey(id)) _linkUp.RemoveLabelled(labels);
        foreach (var (id, labels) in _linkSeries)
            if (!linkSeries.ContainsKey(id)) RemoveCounters(labels);
        _upSeries = upSeries;
        _linkSeries = linkSeries;
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

    private void RemoveCounters(string[] labels)
    {
        foreach (var c in new[] { _rxBytes, _txBytes, _rxPackets, _txPackets, _rxErrors, _txErrors, _rxDropped, _txDropped })
            c.RemoveLabelled(labels);
    }

    private static string[] Labels(LinkStatus link) =>
    [
        link.Owner,
        link.Service ?? "",
        link.Dev,
        link.Attachment is { } a && a.IndexOf(' ') is var space and > 0 ? a[..space] : link.Attachment ?? "",
        link.Type ?? "",
    ];
}
