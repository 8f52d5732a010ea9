using System.Net;
using System.Net.Sockets;
using System.Text;
using Conlink.Actors.Status;

namespace Conlink.Host.Status;

/// <summary>
/// Answers <c>GET /status</c> with the engine's status as JSON, over plain HTTP on a Unix socket
/// (default) or a loopback TCP port, so <c>conlink status</c> or
/// <c>curl --unix-socket /run/conlink/status.sock http://conlink/status</c> can ask a running conlink.
/// </summary>
public sealed class StatusServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<CancellationToken, Task<StatusTracker.Snapshot>> _status;
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _socketPath;
    private readonly Task _accepting;
    private readonly IReadOnlyList<IStatusExtension> _extensions;
    private int _disposed;

    private StatusServer(Socket listener, string? socketPath, Func<CancellationToken, Task<StatusTracker.Snapshot>> status, IReadOnlyList<IStatusExtension>? extensions)
    {
        _extensions = extensions ?? [];
        _listener = listener;
        _socketPath = socketPath;
        _status = status;
        _accepting = AcceptAllAsync();
    }

    public EndPoint EndPoint => _listener.LocalEndPoint!;

    /// <param name="extensions">Sections and routes that features add (cluster mode).</param>
    public static StatusServer Listen(StatusListener listener, Func<CancellationToken, Task<StatusTracker.Snapshot>> status,
        IReadOnlyList<IStatusExtension>? extensions = null) =>
        listener.SocketPath is { } path ? ListenUnix(path, status, extensions) : ListenLoopback(listener.Port!.Value, status, extensions);

    public static StatusServer ListenUnix(string path, Func<CancellationToken, Task<StatusTracker.Snapshot>> status, IReadOnlyList<IStatusExtension>? extensions = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path)) File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(16);
        return new StatusServer(socket, path, status, extensions);
    }

    public static StatusServer ListenLoopback(int port, Func<CancellationToken, Task<StatusTracker.Snapshot>> status, IReadOnlyList<IStatusExtension>? extensions = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        socket.Listen(16);
        return new StatusServer(socket, null, status, extensions);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try { await _accepting.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        if (_socketPath is not null) File.Delete(_socketPath);
        _stop.Dispose();
    }

    private async Task AcceptAllAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(Socket client)
    {
        using var _ = client;
        using var stream = new NetworkStream(client);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var requestLine = await ReadRequestLineAsync(stream, timeout.Token).ConfigureAwait(false);
            var path = requestLine.Split(' ') is [_, var p, ..] ? p : "";
            var route = path.Split('?')[0];
            var extension = _extensions.SelectMany(e => e.Routes).FirstOrDefault(r => r.Key == route).Value;
            var (code, body) = route switch
            {
                "/status" => await StatusAsync(timeout.Token).ConfigureAwait(false),
                "/healthz" => (200, "ok\n"u8.ToArray()),
                _ when extension is not null => await extension(timeout.Token).ConfigureAwait(false),
                _ => (404, "not found: try /status\n"u8.ToArray()),
            };
            var type = code == 200 && (route == "/status" || extension is not null) ? "application/json" : "text/plain";
            var header = $"HTTP/1.1 {code} {Reason(code)}\r\nContent-Type: {type}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header), timeout.Token).ConfigureAwait(false);
            await stream.WriteAsync(body, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or TimeoutException or ObjectDisposedException)
        {
            // The client went away or the engine is stopping; nothing to answer.
        }
    }

    /// <summary>
    /// The engine's status, or 503 with the reason when the engine does not answer (it is stopping,
    /// or busy past the ask timeout): the client learns why, and the server keeps serving.
    /// </summary>
    private async Task<(int Code, byte[] Body)> StatusAsync(CancellationToken ct)
    {
        try
        {
            return (200, StatusJson.Write(await _status(ct).ConfigureAwait(false), _extensions));
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            return (503, Encoding.UTF8.GetBytes($"conlink's engine did not answer: {e.GetBaseException().Message}\n"));
        }
    }

    private static string Reason(int code) => code switch
    {
        200 => "OK",
        404 => "Not Found",
        _ => "Service Unavailable",
    };

    private static async Task<string> ReadRequestLineAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (n == 0) break;
            length += n;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal) || text.Contains("\n\n", StringComparison.Ordinal))
                return text.Split('\n')[0].TrimEnd('\r');
        }
        return Encoding.ASCII.GetString(buffer, 0, length).Split('\n')[0].TrimEnd('\r');
    }
}
