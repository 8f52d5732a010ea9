using System.Net;
using System.Net.Sockets;
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
        if (endpoint.SocketPath is { } path)
        {
            var handler = new SocketsHttpHandler { ConnectCallback = (_, ct) => ConnectUnixAsync(path, ct) };
            _http = new HttpClient(handler) { Timeout = Timeout };
            _base = new Uri("http://conlink/");
            _uri = new Uri(_base, "status");
        }
        else
        {
            _http = new HttpClient { Timeout = Timeout };
            _base = new Uri($"http://{IPAddress.Loopback}:{endpoint.Port}/");
            _uri = new Uri(_base, "status");
        }
    }

    public StatusEndpoint Endpoint { get; }

    /// <exception cref="StatusUnavailableException">Nothing answers there, or not with a status.</exception>
    public async Task<StatusTracker.Snapshot> GetAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(_uri, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new StatusUnavailableException(Endpoint, $"it answered {(int)response.StatusCode} {response.ReasonPhrase}");
            return StatusJson.Read(body);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException || IsNotAStatus(e)
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

    /// <summary>
    /// Starts a streamed request (<c>GET /capture?...</c>) and returns once the headers are in; the
    /// body is read as it comes, with no time limit. A refusal comes back as the response, for the caller to show.
    /// </summary>
    /// <exception cref="StatusUnavailableException">Nothing answers there.</exception>
    public async Task<HttpResponseMessage> OpenStreamAsync(string pathAndQuery, CancellationToken ct)
    {
        try
        {
            return await _http.GetAsync(new Uri(_base, pathAndQuery), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException
            || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new StatusUnavailableException(Endpoint, Describe(e));
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>What reading a snapshot throws when the JSON is not one (see <see cref="StatusJson.Read"/>).</summary>
    private static bool IsNotAStatus(Exception e) =>
        e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException;

    private static async ValueTask<Stream> ConnectUnixAsync(string path, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private string Describe(Exception e) => e switch
    {
        _ when Endpoint.SocketPath is { } path && !File.Exists(path) => "there is no such socket",
        TaskCanceledException => $"no answer within {Timeout.TotalSeconds:0} s",
        _ when IsNotAStatus(e) => "the answer is not a conlink status",
        _ when e.GetBaseException() is SocketException { SocketErrorCode: SocketError.AddressNotAvailable or SocketError.ConnectionRefused } =>
            "nothing is listening there",
        _ => e.GetBaseException().Message,
    };
}
