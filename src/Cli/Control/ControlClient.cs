using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Conlink.Cli.Status;

namespace Conlink.Cli.Control;

/// <summary>
/// Sends one request to a running conlink's control server, over its Unix socket or TCP port
/// (with the bearer token when one is given), and reads the whole answer, bounded in size and time.
/// </summary>
internal sealed class ControlClient : IDisposable
{
    public const int MaxAnswerBytes = 4 * 1024 * 1024;
    private readonly HttpClient _http;
    private readonly string _base;

    public ControlClient(StatusEndpoint endpoint, string? token, TimeSpan? timeout = null)
    {
        Endpoint = endpoint;
        if (endpoint.SocketPath is { } path)
        {
            var handler = new SocketsHttpHandler { ConnectCallback = (_, ct) => ConnectUnixAsync(path, ct) };
            _http = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
            _base = "http://conlink";
        }
        else
        {
            _http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
            _base = $"http://{IPAddress.Loopback}:{endpoint.Port}";
        }
        _http.MaxResponseContentBufferSize = MaxAnswerBytes;
        if (token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public StatusEndpoint Endpoint { get; }

    public sealed record Answer(int Status, string Body)
    {
        public bool Ok => Status is >= 200 and < 300;
    }

    /// <exception cref="StatusUnavailableException">Nothing answers there.</exception>
    public async Task<Answer> SendAsync(HttpMethod method, string path, string? jsonBody, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, _base + path);
        if (jsonBody is not null) request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        try
        {
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new StatusUnavailableException(Endpoint, Describe(e));
        }
    }

    /// <summary>Streams the answer line by line (<c>GET /events</c>), until the server ends it or <paramref name="ct"/> does.</summary>
    public async IAsyncEnumerable<string> StreamLinesAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            _http.Timeout = Timeout.InfiniteTimeSpan;
            response = await _http.GetAsync(_base + path, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
        {
            throw new StatusUnavailableException(Endpoint, Describe(e));
        }
        using var _ = response;
        if (!response.IsSuccessStatusCode)
            throw new StatusUnavailableException(Endpoint, $"it answered {(int)response.StatusCode}: {(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)).Trim()}");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(ct).ConfigureAwait(false);
            }
            catch (IOException)
            {
                yield break;
            }
            if (line is null) yield break;
            if (line.Length > 0) yield return line;
        }
    }

    public void Dispose() => _http.Dispose();

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
        _ when e.GetBaseException() is SocketException { SocketErrorCode: SocketError.AccessDenied } =>
            "permission denied: the control socket is root's (run as root, or ask for --control-group)",
        TaskCanceledException => "no answer in time",
        _ when e.GetBaseException() is SocketException { SocketErrorCode: SocketError.AddressNotAvailable or SocketError.ConnectionRefused } =>
            "nothing is listening there",
        _ => e.GetBaseException().Message,
    };
}
