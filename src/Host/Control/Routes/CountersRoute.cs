using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;
using Conlink.Host.Traffic;

namespace Conlink.Host.Control.Routes;

/// <summary><c>GET /counters</c> [conlink status rates]: every link's IFLA_STATS64 totals, read from the kernel now, as JSON.</summary>
public sealed class CountersRoute(TrafficReader traffic) : IControlRoute
{
    public string Method => "GET";
    public string Template => "/counters";
    public bool Mutates => false;
    public string Summary => "every link's rx/tx bytes, packets, errors and drops, read now (conlink status --rates)";

    public async Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
    {
        try
        {
            return HttpResponse.Json(CountersJson.Write(await traffic.ReadAsync(ct).ConfigureAwait(false)));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HttpResponse.Text(503, $"conlink could not read the counters: {e.GetBaseException().Message}");
        }
    }
}
