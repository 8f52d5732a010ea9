using System.Net;
using System.Net.Sockets;
using Conlink.Cli.Control;
using Conlink.Actors.Status;
using Conlink.Host.Status;
using Conlink.Host.Traffic;

namespace Conlink.Cli.Status;

/// <summary>Asks a running conlink for its status (<c>GET /status</c>) over its Unix socket or loopback port.</summary>
internal sealed class StatusClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient _http;
    private readonly Uri _uri;
    private readonly Uri _base;

    public StatusClient(StatusEndpoint endpoint)
    {
        Endpoint = endpoint;
        _http = ControlHttp.Create(endpoint, Timeout, out _base);
        _uri = new Uri(_base, "status");
    }

    public StatusEndpoint Endpoint { get; }

    /// <exception cref="StatusUnavailableException">Nothing answers there, or not with a status.</exception>
    public async Task<StatusTracker.Snapshot> GetAsync(CancellationToken ct) => (await GetWithSectionsAsync(ct).ConfigureAwait(false)).Snapshot;

    /// <summary>The status, and the JSON document it came in (with the sections features add, such as <c>cluster</c>).</summary>
    /// <exception cref="StatusUnavailableException">Nothing answers there, or not with a status.</exception>
    public async Task<(StatusTracker.Snapshot Snapshot, byte[] Document)> GetWithSectionsAsync(CancellationToken ct)
    {
        var body = await GetBytesAsync("status", ct).ConfigureAwait(false);
        try
        {
            return (StatusJson.Read(body), body);
        }
        catch (Exception e) when (IsNotAStatus(e))
        {
            throw new StatusUnavailableException(Endpoint, Describe(e));
        }
    }

    /// <summary>The body of <c>GET /PATH</c> (a 200 answer), such as <c>cluster</c>.</summary>
    /// <exception cref="StatusUnavailableException">Nothing answers there, or not with 200.</exception>
    public async Task<byte[]> GetBytesAsync(string path, CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(_uri, path), ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new StatusUnavailableException(Endpoint, $"it answered {(int)response.StatusCode} {response.ReasonPhrase}"
                    + (response.StatusCode == HttpStatusCode.NotFound && path != "status" ? $" (is it in cluster mode? /{path} is served only then)" : ""));
            return body;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException
            || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new StatusUnavailableException(Endpoint, Describe(e));
        }
    }

    /// <summary>Every link's counter totals now (<c>GET /counters</c>), by link id; null where the link is not in the kernel.</summary>
    /// <exception cref="StatusUnavailableException">Nothing answers there, or not with counters.</exception>
    public async Task<(DateTimeOffset Time, IReadOnlyDictionary<string, LinkTotals?> Links)> GetCountersAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(_base, "counters"), ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new StatusUnavailableException(Endpoint, $"it answered {(int)response.StatusCode} {response.ReasonPhrase}: {System.Text.Encoding.UTF8.GetString(body).Trim()}");
            return CountersJson.Read(body);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException || IsNotAStatus(e)
            || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new StatusUnavailableException(Endpoint, Describe(e));
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>What reading a snapshot throws when the JSON is not one (see <see cref="StatusJson.Read"/>).</summary>
    private static bool IsNotAStatus(Exception e) =>
        e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException;

    private string Describe(Exception e) =>
        IsNotAStatus(e) ? "the answer is not a conlink status" : ControlHttp.Describe(Endpoint, e, Timeout);
}
