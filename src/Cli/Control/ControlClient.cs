using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Conlink.Cli.Status;

namespace Conlink.Cli.Control;

/// <summary>
/// Sends one request to a running conlink's control server, over its Unix socket or TCP port
/// (with the bearer token when one is given), and reads the whole answer, bounded in size and time
/// (see <see cref="ControlHttp"/>).
/// </summary>
internal sealed class ControlClient : IDisposable
{
    /// <summary>The longest line a stream (<c>GET /events</c>) may send: one event record, with room to spare.</summary>
    public const int MaxLineBytes = 1024 * 1024;
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly TimeSpan _timeout;

    public ControlClient(StatusEndpoint endpoint, string? token, TimeSpan? timeout = null)
    {
        Endpoint = endpoint;
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
        _http = ControlHttp.Create(endpoint, _timeout, out _base);
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
        using var request = new HttpRequestMessage(method, Address(path));
        if (jsonBody is not null) request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        try
        {
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new StatusUnavailableException(Endpoint, ControlHttp.Describe(Endpoint, e, _timeout));
        }
    }

    /// <summary>
    /// Streams the answer line by line (<c>GET /events</c>), until the server ends it or <paramref name="ct"/> does.
    /// The headers come within the timeout; the lines then take as long as they take, each at most <see cref="MaxLineBytes"/>.
    /// </summary>
    /// <exception cref="StatusUnavailableException">Nothing answers there, it refused, or it sent a line too long.</exception>
    public async IAsyncEnumerable<string> StreamLinesAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await OpenStreamAsync(path, ct).ConfigureAwait(false);
        }
        catch (ControlRefusedException e)
        {
            throw new StatusUnavailableException(Endpoint, $"it answered {e.Status}: {e.Reason}");
        }
        using var _ = response;
        await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        while (true)
        {
            int n;
            try
            {
                n = await body.ReadAsync(buffer, ct).ConfigureAwait(false);
            }
            catch (IOException)
            {
                yield break;
            }
            if (n == 0) yield break;
            var start = 0;
            for (var newline = Array.IndexOf(buffer, (byte)'\n', 0, n); newline >= 0; newline = Array.IndexOf(buffer, (byte)'\n', start, n - start))
            {
                line.Write(buffer, start, newline - start);
                start = newline + 1;
                if (line.Length > 0) yield return Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
                line.SetLength(0);
            }
            line.Write(buffer, start, n - start);
            if (line.Length > MaxLineBytes)
                throw new StatusUnavailableException(Endpoint, $"it sent a line longer than {MaxLineBytes} bytes, which no event is");
        }
    }

    /// <summary>
    /// Starts a streamed answer (<c>GET /capture?...</c>, <c>GET /events</c>) and returns it once its
    /// headers are in, within the timeout; its body is then read as it comes, with no time limit.
    /// </summary>
    /// <exception cref="StatusUnavailableException">Nothing answers there.</exception>
    /// <exception cref="ControlRefusedException">It answered, but not 2xx: the status and its message (read bounded in size and time).</exception>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(Address(path), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new StatusUnavailableException(Endpoint, ControlHttp.Describe(Endpoint, e, _timeout));
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
            throw new ControlRefusedException((int)response.StatusCode, await ControlHttp.ReadRefusalAsync(response, ct).ConfigureAwait(false));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>An absolute path on the server (a leading '/' keeps a ':' in it from reading as a scheme).</summary>
    private Uri Address(string path) => new(_base, path.StartsWith('/') ? path : "/" + path);
}
