using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;
using Conlink.Host.Metrics;

namespace Conlink.Host.Control.Routes;

/// <summary>
/// <c>GET /metrics</c>, on the metrics listener only (<c>--metrics-port</c>): every series in Prometheus' text format.
/// The text is buffered in one array made as big as the last scrape's text and a little more: with 1000 links it is
/// about 1 MiB, and a buffer grown by doubling would allocate and copy twice that on the large object heap at every scrape.
/// </summary>
public sealed class MetricsRoute(ConlinkMetrics metrics) : IControlRoute
{
    private int _lastLength;

    public string Method => "GET";
    public string Template => "/metrics";
    public bool Mutates => false;
    public string Summary => "Prometheus metrics: links, counters, setup times, kernel operations, restarts, Docker events";

    public async Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
    {
        var last = Volatile.Read(ref _lastLength);
        using var text = new MemoryStream(last + last / 16);
        try
        {
            await metrics.WriteAsync(text, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HttpResponse.Text(503, $"conlink could not read its metrics: {e.GetBaseException().Message}");
        }
        Volatile.Write(ref _lastLength, (int)text.Length);
        return new HttpResponse(200, ConlinkMetrics.ContentType, text.GetBuffer().AsMemory(0, (int)text.Length));
    }
}
