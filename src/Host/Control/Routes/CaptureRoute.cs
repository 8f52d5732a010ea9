using System.Globalization;
using Conlink.Actors.Status;
using Conlink.Host.Capture;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;
using Conlink.Host.Traffic;
using Conlink.Netlink.Capture;

namespace Conlink.Host.Control.Routes;

/// <summary>
/// <c>GET /capture?target=A[,B...]&amp;snaplen=N&amp;count=N&amp;duration=S&amp;inside=1</c> [conlink capture]:
/// a pcapng stream of the named links, until the count or the duration is reached or the client
/// goes. Only a caller allowed to change things sees it (it reveals traffic). Every target is
/// resolved and opened before the answer starts, so a wrong one is a 400/404 with nothing captured.
/// </summary>
public sealed class CaptureRoute(TrafficReader traffic, Func<CancellationToken, Task<StatusTracker.Snapshot>> status) : IControlRoute
{
    public const string ContentType = "application/x-pcapng";
    private const double MaxDurationSeconds = 7 * 24 * 3600;

    public string Method => "GET";
    public string Template => "/capture";
    public bool Mutates => false;
    public bool RevealsTraffic => true;
    public string Summary => "pcapng of ?target=CONTAINER:DEV[,...] (&snaplen, &count, &duration, &inside=1), root only (conlink capture)";

    public async Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
    {
        var http = request.Http;
        if (Parse(http, out var error) is not { } query) return HttpResponse.Text(400, error!);
        if (http.Method == "HEAD") return new HttpResponse(200, ContentType, ReadOnlyMemory<byte>.Empty);

        IReadOnlyList<(string Name, PacketCapture Capture)> captures;
        try
        {
            captures = await CaptureTargets.OpenAsync(traffic, status, query.Targets, query.Inside, query.Limits.SnapLength, ct).ConfigureAwait(false);
        }
        catch (CaptureTargetException e)
        {
            return HttpResponse.Text(e.Error == LinkTargetError.NotFound ? 404 : 400, e.Message);
        }
        return HttpResponse.Streamed(ContentType, async (stream, stopping) =>
        {
            using var done = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            // The client sends nothing more: a read that ends means it went away (Ctrl-C), so stop then, not at the next frame.
            _ = WatchForHangUpAsync(stream, done);
            try
            {
                await CaptureSession.RunAsync(captures, query.Limits, stream, done.Token).ConfigureAwait(false);
            }
            finally
            {
                await done.CancelAsync().ConfigureAwait(false);
                foreach (var (_, capture) in captures) capture.Dispose();
            }
        });
    }

    private static async Task WatchForHangUpAsync(Stream stream, CancellationTokenSource done)
    {
        var one = new byte[1];
        try
        {
            while (await stream.ReadAsync(one, done.Token).ConfigureAwait(false) > 0) { }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        try { await done.CancelAsync().ConfigureAwait(false); }
        catch (ObjectDisposedException) { }
    }

    private sealed record Query(IReadOnlyList<string> Targets, bool Inside, CaptureLimits Limits);

    private static Query? Parse(HttpRequest http, out string? error)
    {
        error = null;
        var targets = (http.QueryValue("target") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (targets.Length == 0)
        {
            error = "name the links to capture: ?target=CONTAINER:DEV[,CONTAINER:DEV...]";
            return null;
        }
        var limits = new CaptureLimits();
        if (http.QueryValue("snaplen") is { } snap)
        {
            if (!int.TryParse(snap, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > CaptureOptions.MaxSnapLength)
            {
                error = $"snaplen must be from 1 to {CaptureOptions.MaxSnapLength}, not '{snap}'";
                return null;
            }
            limits = limits with { SnapLength = n };
        }
        if (http.QueryValue("count") is { } count)
        {
            if (!long.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                error = $"count must be a whole number of packets from 1, not '{count}'";
                return null;
            }
            limits = limits with { Count = n };
        }
        if (http.QueryValue("duration") is { } duration)
        {
            if (!double.TryParse(duration, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) || s <= 0 || s > MaxDurationSeconds)
            {
                error = $"duration must be seconds, more than 0 and at most {MaxDurationSeconds:0}, not '{duration}'";
                return null;
            }
            limits = limits with { Duration = TimeSpan.FromSeconds(s) };
        }
        var inside = http.QueryValue("inside") is "1" or "true";
        return new Query(targets, inside, limits);
    }
}
