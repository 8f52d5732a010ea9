using System.Globalization;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;
using Conlink.Host.Events;
using Conlink.Host.Tracing;

namespace Conlink.Host.Control.Routes;

/// <summary>
/// <c>GET /events[?since=TIME|all&amp;filter=container=X,link=X:eth0,kind=link-state&amp;follow=0]</c>
/// [conlink events]: one JSON line per event (the trace's event records), replaying what this
/// conlink still holds from <c>since</c>, then following live until the client goes (unless follow=0).
/// </summary>
public sealed class EventsRoute(EventLog events) : IControlRoute
{
    public string Method => "GET";
    public string Template => "/events";
    public bool Mutates => false;
    public string Summary => "NDJSON stream of events, ?since=ISO-TIME|all&filter=container=X,link=X:DEV,kind=K&follow=0 (conlink events)";

    public Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
    {
        EventFilter filter;
        DateTimeOffset? since;
        try
        {
            filter = EventFilter.Parse(request.Http.QueryValue("filter"));
            since = request.Http.QueryValue("since") switch
            {
                null or "" => null,
                "all" => DateTimeOffset.MinValue,
                var text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            };
        }
        catch (FormatException e)
        {
            return Task.FromResult(HttpResponse.Text(400, e.Message));
        }
        var follow = request.Http.QueryValue("follow") is not ("0" or "false");
        return Task.FromResult(HttpResponse.Streamed("application/x-ndjson", async (stream, stopping) =>
        {
            if (!follow)
            {
                foreach (var record in events.Recent().Where(r => since is null || r.Time >= since).Where(filter.Matches))
                    await WriteAsync(stream, record, stopping).ConfigureAwait(false);
                return;
            }
            await foreach (var record in events.ReadAsync(since, stopping).ConfigureAwait(false))
                if (filter.Matches(record)) await WriteAsync(stream, record, stopping).ConfigureAwait(false);
        }));
    }

    private static async Task WriteAsync(Stream stream, Actors.Tracing.TraceRecord record, CancellationToken ct)
    {
        await stream.WriteAsync(TraceJson.ToUtf8(record), ct).ConfigureAwait(false);
        await stream.WriteAsync("\n"u8.ToArray(), ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }
}
