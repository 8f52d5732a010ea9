using Conlink.Host.Cluster;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;

namespace Conlink.Host.Control.Routes;

/// <summary><c>GET /cluster</c> [conlink status --cluster]: every member's own status, fetched through the cluster.</summary>
public sealed class ClusterRoute(ClusterStatus cluster) : IControlRoute
{
    public string Method => "GET";
    public string Template => "/cluster";
    public bool Mutates => false;
    public string Summary => "every cluster member's links, fetched through the cluster (conlink status --cluster)";

    public async Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct) =>
        HttpResponse.Json(await cluster.SummariesAsync(ct).ConfigureAwait(false));
}
