using Conlink.Actors.Status;
using Conlink.Host.Metrics;
using Conlink.Host.Traffic;

namespace Conlink.Host.Tests;

/// <summary>
/// The per-link series are kept from one scrape to the next and follow the links: made when a link
/// first shows, moved to the new state label when its state changes, gone with the link, and started
/// again when its kernel counters start again from zero. (Fed readings, no kernel: the kernel side is in
/// Kernel.Tests' TrafficTests.)
/// </summary>
public sealed class LinkSeriesTests
{
    private const string H1 = "container=\"h1_1\",service=\"h1\",dev=\"eth0\",bridge=\"s1\",type=\"veth\"";
    private const string H2 = "container=\"h2_1\",service=\"h2\",dev=\"eth0\",bridge=\"s1\",type=\"veth\"";
    private readonly ConlinkMetrics _metrics = new();
    private TrafficSnapshot _now = Snapshot();

    public LinkSeriesTests() => _metrics.UseTraffic(_ => Task.FromResult(_now));

    [Fact]
    public async Task A_link_seen_again_keeps_its_series_and_gets_the_new_totals()
    {
        _now = Snapshot(Reading("h1", LinkState.Ready, Totals(1000, 10)), Reading("h2", LinkState.Ready, Totals(50, 1)));
        var first = await ScrapeAsync();
        _now = Snapshot(Reading("h1", LinkState.Ready, Totals(3000, 30)), Reading("h2", LinkState.Ready, Totals(50, 1)));
        var second = await ScrapeAsync();

        Assert.Equal(1000, Value(first, $"conlink_link_rx_bytes_total{{{H1}}}"));
        Assert.Equal(3000, Value(second, $"conlink_link_rx_bytes_total{{{H1}}}"));
        Assert.Equal(30, Value(second, $"conlink_link_rx_packets_total{{{H1}}}"));
        Assert.Equal(1, Value(second, $"conlink_link_up{{{H1},state=\"ready\"}}"));
        Assert.Equal(50, Value(second, $"conlink_link_rx_bytes_total{{{H2}}}"));
        Assert.Equal(2, Value(second, "conlink_links_expected"));
        Assert.Equal(2, Value(second, "conlink_links_ready"));
    }

    [Fact]
    public async Task A_link_whose_state_changes_has_one_up_series_under_the_new_state()
    {
        _now = Snapshot(Reading("h1", LinkState.Ready, Totals(1000, 10)));
        await ScrapeAsync();
        _now = Snapshot(Reading("h1", LinkState.Down, null));
        var text = await ScrapeAsync();

        Assert.Equal(0, Value(text, $"conlink_link_up{{{H1},state=\"down\"}}"));
        Assert.DoesNotContain($"state=\"ready\"", text);
        Assert.DoesNotContain($"conlink_link_rx_bytes_total{{{H1}}}", text); // not in the kernel now
        Assert.Equal(0, Value(text, "conlink_links_ready"));
    }

    [Fact]
    public async Task A_link_gone_loses_its_series_and_one_made_again_starts_from_zero()
    {
        _now = Snapshot(Reading("h1", LinkState.Ready, Totals(1000, 10)), Reading("h2", LinkState.Ready, Totals(50, 1)));
        await ScrapeAsync();
        _now = Snapshot(Reading("h1", LinkState.Ready, Totals(1000, 10)));
        var gone = await ScrapeAsync();
        _now = Snapshot(Reading("h1", LinkState.Ready, Totals(200, 2)), Reading("h2", LinkState.Ready, Totals(7, 1)));
        var back = await ScrapeAsync();

        Assert.DoesNotContain("h2_1", gone);
        Assert.Equal(1, Value(gone, "conlink_links_expected"));
        Assert.Equal(7, Value(back, $"conlink_link_rx_bytes_total{{{H2}}}"));
        // h1's kernel counters went back (it was made again): its series starts again rather than holding 1000.
        Assert.Equal(200, Value(back, $"conlink_link_rx_bytes_total{{{H1}}}"));
        Assert.Equal(2, Value(back, $"conlink_link_rx_packets_total{{{H1}}}"));
    }

    [Fact]
    public async Task A_link_whose_labels_change_is_published_under_the_new_labels_only()
    {
        _now = Snapshot(Reading("h1", LinkState.Ready, Totals(1000, 10)));
        await ScrapeAsync();
        _now = Snapshot(Reading("h1", LinkState.Ready, Totals(1000, 10), bridge: "s2"));
        var text = await ScrapeAsync();

        Assert.DoesNotContain("bridge=\"s1\"", text);
        Assert.Equal(1000, Value(text, $"conlink_link_rx_bytes_total{{{H1.Replace("s1", "s2", StringComparison.Ordinal)}}}"));
    }

    private Task<string> ScrapeAsync() => Exposition.ScrapeAsync(_metrics);

    private static double Value(string text, string series) => Exposition.Value(text, series);

    private static TrafficSnapshot Snapshot(params LinkReading[] links) =>
        new(DateTimeOffset.UtcNow, new StatusTracker.Snapshot([.. links.Select(l => l.Link)], true, links.All(l => l.Link.State == LinkState.Ready)), links);

    private static LinkReading Reading(string service, LinkState state, LinkTotals? totals, string bridge = "s1") =>
        new(new LinkStatus($"{service}_1:eth0", $"{service}_1", "eth0", state, null, null, null, $"{bridge} (linux)", DateTimeOffset.UtcNow)
        {
            Service = service,
            Type = "veth",
        }, totals, totals is not null);

    private static LinkTotals Totals(ulong rxBytes, ulong rxPackets) => new(rxBytes, rxPackets, 0, 0, rxBytes / 2, rxPackets / 2, 0, 0);
}
