using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;

namespace Conlink.Host.Control.Routes;

/// <summary><c>GET /healthz</c>: "ok" while the server runs.</summary>
public sealed class HealthRoute : IControlRoute
{
    public string Method => "GET";
    public string Template => "/healthz";
    public bool Mutates => false;
    public string Summary => "ok while conlink runs";

    public Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct) => Task.FromResult(HttpResponse.Text(200, "ok"));
}
