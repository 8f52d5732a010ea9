using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Conlink.Docker.Tests;

/// <summary>
/// A container engine API that answers each request path with a scripted status and JSON body, or with
/// a raw stream as the engine answers an exec start (the connection upgraded, then the stream's bytes),
/// on a Unix socket in a fresh temporary directory; one request per connection. Requests it has no
/// answer for get a 404 naming the path.
/// </summary>
public sealed class ScriptedEngine : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("conlink-docker-test-").FullName;
    private readonly Task _serving;

    public ScriptedEngine()
    {
        SocketPath = Path.Combine(_directory, "engine.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(8);
        _serving = ServeAsync();
    }

    public string SocketPath { get; }

    /// <summary>Answers by path (without the query and any /vN.NN prefix).</summary>
    public ConcurrentDictionary<string, (int Status, string Body)> Answers { get; } = new();

    /// <summary>
    /// Paths answered as the engine answers <c>POST /exec/ID/start</c>: 200 (or "101 UPGRADED" when asked), then the bytes
    /// (the multiplexed frames of <see cref="Frame"/>); then the connection closes, or with
    /// <c>KeepOpen</c> stays open, as for a command that never exits, until the client closes it.
    /// </summary>
    public ConcurrentDictionary<string, (byte[] Bytes, bool KeepOpen)> RawStreams { get; } = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Each request's target as sent, query included (URL-decoded).</summary>
    public ConcurrentQueue<string> Targets { get; } = new();

    /// <summary>Clients that closed a kept-open raw stream.</summary>
    public int RawStreamsClosedByClient => _rawStreamsClosedByClient;

    private int _rawStreamsClosedByClient;

    /// <summary>One frame of the engine's multiplexed stdout/stderr stream: stream 1 or 2, a big-endian length, the payload.</summary>
    public static byte[] Frame(int stream, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)stream;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(Socket client)
    {
        using var _ = client;
        await using var stream = new NetworkStream(client);
        var head = new StringBuilder();
        var buffer = new byte[1];
        // Docker.DotNet ends its header lines with a bare "\n" and the head with "\n\r\n".
        while (!EndsHead(head) && head.Length < 16384)
        {
            if (await stream.ReadAsync(buffer, _stop.Token) == 0) return;
            head.Append((char)buffer[0]);
        }
        var target = head.ToString().Split(' ')[1];
        var path = target.Split('?')[0];
        if (path.StartsWith("/v", StringComparison.Ordinal) && path.IndexOf('/', 1) is var slash and > 0) path = path[slash..];
        // read the request body (exec create's JSON), so closing the connection cannot reset it before the client read the answer
        if (ContentLength(head.ToString()) is { } length)
        {
            var requestBody = new byte[length];
            await stream.ReadExactlyAsync(requestBody, _stop.Token);
        }
        Requests.Enqueue(path);
        Targets.Enqueue(Uri.UnescapeDataString(target));
        if (RawStreams.TryGetValue(path, out var raw))
        {
            // as dockerd answers: 101 if the client asked to upgrade, else 200; either way no length, the stream ends the body
            var statusAndHeaders = head.ToString().Contains("Upgrade: tcp", StringComparison.OrdinalIgnoreCase)
                ? "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(statusAndHeaders), _stop.Token);
            await stream.WriteAsync(raw.Bytes, _stop.Token);
            if (raw.KeepOpen)
            {
                try
                {
                    while (await stream.ReadAsync(buffer, _stop.Token) > 0) { }
                    Interlocked.Increment(ref _rawStreamsClosedByClient);
                }
                catch (IOException)
                {
                    Interlocked.Increment(ref _rawStreamsClosedByClient);
                }
            }
            return;
        }
        var (status, body) = Answers.TryGetValue(path, out var answer) ? answer : (404, $"{{\"message\":\"page not found: {path}\"}}");
        var bytes = Encoding.UTF8.GetBytes(body);
        var response = $"HTTP/1.1 {status} Scripted\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
        await stream.WriteAsync(bytes, _stop.Token);
    }

    private static int? ContentLength(string head) =>
        head.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } header
            ? int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static bool EndsHead(StringBuilder head) =>
        head.ToString() is var text && (text.EndsWith("\n\r\n", StringComparison.Ordinal) || text.EndsWith("\n\n", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _serving;
        Directory.Delete(_directory, recursive: true);
    }
}
