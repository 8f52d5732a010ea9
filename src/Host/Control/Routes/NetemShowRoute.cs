using System.Text.Json;
using Conlink.Actors.Status;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;

namespace Conlink.Host.Control.Routes;

/// <summary>
/// <c>GET /netem[?target=CONTAINER:DEV]</c> [conlink netem show]: each link's declared netem and
/// the one in effect (the user's override, or the declared one), as JSON.
/// </summary>
public sealed class NetemShowRoute(Func<CancellationToken, Task<StatusTracker.Snapshot>> status) : IControlRoute
{
    public string Method => "GET";
    public string Template => "/netem";
    public bool Mutates => false;
    public string Summary => "declared and current netem of each link, ?target=CONTAINER:DEV for one (conlink netem show)";

    public async Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
    {
        var snapshot = await status(ct).ConfigureAwait(false);
        var target = request.Http.QueryValue("target");
        var links = snapshot.Links.Where(l => !l.Id.StartsWith(Config.Model.TunnelSpec.LinkIdPrefix, StringComparison.Ordinal)).ToList();
        if (target is not null)
        {
            links = links.Where(l => l.Id == target).ToList();
            if (links.Count == 0) return HttpResponse.Text(404, $"no link {target} (name it CONTAINER:DEV as 'conlink status' shows it)");
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var link in links)
            {
                json.WriteStartObject();
                json.WriteString("link", link.Id);
                json.WriteString("declared", link.Netem ?? "");
                json.WriteString("current", link.NetemOverride ?? link.Netem ?? "");
                json.WriteBoolean("overridden", link.NetemOverride is not null);
                if (link.NetemOverride is not null && link.OverriddenSince is { } since) json.WriteString("since", since.UtcDateTime.ToString("O"));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return HttpResponse.Json(buffer.ToArray());
    }
}
