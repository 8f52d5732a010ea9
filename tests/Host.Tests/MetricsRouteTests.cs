using System.Text;
using Conlink.Actors.Status;
using Conlink.Host.Control.Access;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routes;
using Conlink.Host.Control.Routing;
using Conlink.Host.Metrics;
using Conlink.Host.Traffic;

namespace Conlink.Host.Tests;

/// <summary>
/// <c>GET /metrics</c>: a scrape whose link reading fails is a 503 with the reason, not the last values served as
/// current; and the text is whole from one scrape to the next, also when it grows past the size of the last one.
/// </summary>
public sealed class MetricsRouteTests
{
    private readonly ConlinkMetrics _metrics = new();
    private Func<TrafficSnapshot> _now = () => Snapshot(1);

    public MetricsRouteTests() => _metrics.UseTraffic(_ => Task.FromResult(_now()));

    [Fact]
    public async Task A_reading_that_fails_fails_the_scrape_and_the_route_answers_503_with_the_reason()
    {
        var route = new MetricsRoute(_metrics);
        Assert.Equal(200, (await GetAsync(route)).Status);
        _now = () => throw new IOException("netlink dump interrupted");

        await Assert.ThrowsAsync<IOException>(() => _metrics.WriteAsync(Stream.Null, CancellationToken.None));
        var response = await GetAsync(route);

        Assert.Equal(503, response.Status);
        Assert.Contains("netlink dump interrupted", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public async Task Each_scrape_serves_the_whole_text_also_when_it_outgrows_the_last_one()
    {
        var route = new MetricsRoute(_metrics);
        var small = Encoding.UTF8.GetString((await GetAsync(route)).Body.Span);
        _now = () => Snapshot(500);
        var big = Encoding.UTF8.GetString((await GetAsync(route)).Body.Span);
        _now = () => Snapshot(2);
        var smallAgain = Encoding.UTF8.GetString((await GetAsync(route)).Body.Span);

        Assert.Equal(await Exposition.ScrapeAsync(_metrics), smallAgain);
        Assert.Equal(1, Exposition.Value(small, "conlink_links_expected"));
        Assert.Equal(500, Exposition.Value(big, "conlink_links_expected"));
        Assert.Equal(500 * 1000, Exposition.Value(big, "conlink_link_rx_bytes_total{container=\"n500_1\",service=\"n500\",dev=\"eth0\",bridge=\"s1\",type=\"veth\"}"));
        Assert.EndsWith("\n", big, StringComparison.Ordinal);
        Assert.Equal(2, Exposition.Value(smallAgain, "conlink_links_expected"));
        Assert.DoesNotContain("n500_1", smallAgain);
    }

    private static Task<HttpResponse> GetAsync(MetricsRoute route) =>
        route.HandleAsync(new ControlRequest(
            new HttpRequest("GET", "/metrics", new Dictionary<string, string>(), new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty),
            new Dictionary<string, string>(), new ControlCaller(ControlTransport.Tcp, null, null)), CancellationToken.None);

    private static TrafficSnapshot Snapshot(int links)
    {
        var readings = Enumerable.Range(1, links).Select(i => new LinkReading(
            new LinkStatus($"n{i}_1:eth0", $"n{i}_1", "eth0", LinkState.Ready, null, null, null, "s1 (linux)", DateTimeOffset.UtcNow)
            {
                Service = $"n{i}",
                Type = "veth",
            },
            new LinkTotals((ulong)i * 1000, (ulong)i * 10, 0, 0, (ulong)i * 500, (ulong)i * 5, 0, 0), true)).ToList();
        return new TrafficSnapshot(DateTimeOffset.UtcNow, new StatusTracker.Snapshot([.. readings.Select(r => r.Link)], true, true), readings);
    }
}
