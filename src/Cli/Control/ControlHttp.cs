using System.Net;
using System.Net.Sockets;
using System.Text;
using Conlink.Cli.Status;

namespace Conlink.Cli.Control;

/// <summary>
/// The HTTP client every command talks to a running conlink with, over its Unix socket or a
/// loopback port: a whole answer is at most <see cref="MaxAnswerBytes"/> and comes within the
/// timeout; a streamed one (<c>capture</c>, <c>events</c>) has its headers within the timeout, and
/// a refusal in its place is read bounded too (<see cref="ReadRefusalAsync"/>).
/// </summary>
internal static class ControlHttp
{
    public const int MaxAnswerBytes = 16 * 1024 * 1024;
    private const int MaxRefusalBytes = 64 * 1024;
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A client for <paramref name="endpoint"/>, and the address its paths are relative to.</summary>
    public static HttpClient Create(StatusEndpoint endpoint, TimeSpan timeout, out Uri baseAddress)
    {
        HttpClient http;
        if (endpoint.SocketPath is { } path)
        {
            http = new HttpClient(new SocketsHttpHandler { ConnectCallback = (_, ct) => ConnectUnixAsync(path, ct) });
            baseAddress = new Uri("http://conlink/");
        }
        else
        {
            http = new HttpClient();
            baseAddress = new Uri($"http://{IPAddress.Loopback}:{endpoint.Port}/");
        }
        http.Timeout = timeout;
        http.MaxResponseContentBufferSize = MaxAnswerBytes;
        return http;
    }

    /// <summary>The text of a refusal that came where a stream was asked for: its first <see cref="MaxRefusalBytes"/>, within a few seconds.</summary>
    public static async Task<string> ReadRefusalAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(RefusalTimeout);
        var buffer = new byte[MaxRefusalBytes];
        var length = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            int n;
            while (length < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(length), deadline.Token).ConfigureAwait(false)) > 0) length += n;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // What came in time is the message.
        }
        return Encoding.UTF8.GetString(buffer, 0, length).Trim();
    }

    /// <summary>Why <paramref name="endpoint"/> did not answer, for "cannot reach conlink at ...: WHY".</summary>
    public static string Describe(StatusEndpoint endpoint, Exception e, TimeSpan timeout) => e switch
    {
        _ when endpoint.SocketPath is { } path && !File.Exists(path) => "there is no such socket",
        _ when e.GetBaseException() is SocketException { SocketErrorCode: SocketError.AccessDenied } =>
            "permission denied: the control socket is root's (run as root, or ask for --control-group)",
        TaskCanceledException => $"no answer within {timeout.TotalSeconds:0} s",
        _ when e.GetBaseException() is SocketException { SocketErrorCode: SocketError.AddressNotAvailable or SocketError.ConnectionRefused } =>
            "nothing is listening there",
        _ => e.GetBaseException().Message,
    };

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
}
