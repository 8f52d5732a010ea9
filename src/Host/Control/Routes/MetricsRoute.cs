using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;
using Conlink.Host.Metrics;

namespace Conlink.Host.Control.Routes;

/// <summary><c>GET /metrics</c>, on the metrics listener only (<c>--metrics-port</c>): every series in Prometheus' text format.</summary>
public sealed class MetricsRoute(ConlinkMetrics metrics) : IControlRoute
{
    public string Method => "GET";
    public string Template => "/metrics";
    public bool Mutates => false;
    public string Summary => "Prometheus metrics: links, counters, setup times, kernel operations, restarts, Docker events";

    public async Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
    {
        using var text = new MemoryStream();
        try
        {
            await metrics.WriteAsync(text, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HttpResponse.Text(503, $"conlink could not read its metrics: {e.GetBaseException().Message}");
        }
        return new HttpResponse(200, ConlinkMetrics.ContentType, text.GetBuffer().AsMemory(0, (int)text.Length));
    }
}
