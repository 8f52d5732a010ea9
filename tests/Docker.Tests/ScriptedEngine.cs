using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Conlink.Docker.Tests;

/// <summary>
/// A container engine API that answers each request path with a scripted status and JSON body, on a
/// Unix socket in a fresh temporary directory; one request per connection. Requests it has no
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

    public ConcurrentQueue<string> Requests { get; } = new();

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
        Requests.Enqueue(path);
        var (status, body) = Answers.TryGetValue(path, out var answer) ? answer : (404, $"{{\"message\":\"page not found: {path}\"}}");
        var bytes = Encoding.UTF8.GetBytes(body);
        var response = $"HTTP/1.1 {status} Scripted\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
        await stream.WriteAsync(bytes, _stop.Token);
    }

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
