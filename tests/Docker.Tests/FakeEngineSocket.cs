using System.Net.Sockets;
using System.Text;

namespace Conlink.Docker.Tests;

/// <summary>
/// A unix socket in a temporary folder that answers one connection with given bytes, written piece by
/// piece with a pause between (so the client's reads end where the pieces do, as a recorded stream's reads
/// did), then stays open until disposed or closes. It records the request it was sent.
/// </summary>
public sealed class FakeEngineSocket : IAsyncDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("conlink-fake-engine-");
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly TaskCompletionSource<string> _request = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public FakeEngineSocket(IReadOnlyList<byte[]> pieces, bool closeAfterwards)
    {
        Path = System.IO.Path.Combine(_folder.FullName, "engine.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(1);
        _serving = ServeAsync(pieces, closeAfterwards);
    }

    public string Path { get; }

    /// <summary>The request line and headers the client sent.</summary>
    public Task<string> Request => _request.Task;

    private async Task ServeAsync(IReadOnlyList<byte[]> pieces, bool closeAfterwards)
    {
        try
        {
            using var connection = await _listener.AcceptAsync(_stop.Token);
            var request = new List<byte>();
            var buffer = new byte[4096];
            while (!Encoding.ASCII.GetString(request.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0) break;
                request.AddRange(buffer.AsSpan(0, read).ToArray());
            }
            _request.TrySetResult(Encoding.ASCII.GetString(request.ToArray()));
            foreach (var piece in pieces)
            {
                await connection.SendAsync(piece, SocketFlags.None, _stop.Token);
                await Task.Delay(15, _stop.Token);
            }
            if (!closeAfterwards) await Task.Delay(Timeout.Infinite, _stop.Token);
            connection.Shutdown(SocketShutdown.Both);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _request.TrySetException(e);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try { await _serving; }
        catch (SocketException) { } // the client went away first
        _stop.Dispose();
        _folder.Delete(recursive: true);
    }
}
