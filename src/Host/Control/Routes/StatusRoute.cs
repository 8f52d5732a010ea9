using System.Text;
using Conlink.Actors.Status;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;
using Conlink.Host.Status;

namespace Conlink.Host.Control.Routes;

/// <summary><c>GET /status</c> [conlink status]: every link and its state, as JSON.</summary>
public sealed class StatusRoute(Func<CancellationToken, Task<StatusTracker.Snapshot>> status) : IControlRoute
{
    public string Method => "GET";
    public string Template => "/status";
    public bool Mutates => false;
    public string Summary => "every link, its state and overrides (conlink status)";

    /// <summary>The engine's status, or 503 with the reason when it does not answer (stopping, or busy past the ask timeout).</summary>
    public async Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
    {
        try
        {
            return HttpResponse.Json(StatusJson.Write(await status(ct).ConfigureAwait(false)));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new HttpResponse(503, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes($"conlink's engine did not answer: {e.GetBaseException().Message}\n"));
        }
    }
}
