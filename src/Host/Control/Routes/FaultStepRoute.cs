using System.Text.Json;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;

namespace Conlink.Host.Control.Routes;

/// <summary>
/// <c>POST /faults/steps</c> [conlink faults run]: body <c>{"link": "r1:eth1", "detail": "..."}</c>;
/// records a step of a fault schedule (which the CLI drives through the link and netem routes) in
/// the trace and the events, so convergence can be measured against it.
/// </summary>
public sealed class FaultStepRoute(Action<string, string> record) : IControlRoute
{
    private const int MaxDetail = 2048;

    public string Method => "POST";
    public string Template => "/faults/steps";
    public bool Mutates => true;
    public string Summary => "record a fault schedule's step in the trace, body {\"link\", \"detail\"} (conlink faults run)";

    public Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
    {
        try
        {
            using var document = JsonDocument.Parse(request.Http.Body.ToArray());
            var link = document.RootElement.GetProperty("link").GetString();
            var detail = document.RootElement.GetProperty("detail").GetString();
            if (string.IsNullOrEmpty(link) || string.IsNullOrEmpty(detail) || detail.Length > MaxDetail)
                return Task.FromResult(HttpResponse.Text(400, $"needs a link and a detail of at most {MaxDetail} characters"));
            record(link, detail);
            return Task.FromResult(HttpResponse.Text(200, "recorded"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Task.FromResult(HttpResponse.Text(400, $"the body must be {{\"link\": \"CONTAINER:DEV\", \"detail\": \"...\"}}: {e.Message}"));
        }
    }
}
