using System.Net.Sockets;
using Conlink.Actors.Status;
using Conlink.Host.Status;

namespace Conlink.Testing;

/// <summary>Asks a running engine for its status over the Unix socket its control server listens on.</summary>
public static class StatusClient
{
    public static async Task<StatusTracker.Snapshot> GetAsync(string socketPath, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var client = new HttpClient(handler) { Timeout = Patience.Seconds(10) };
        var body = await client.GetByteArrayAsync("http://engine/status", ct).ConfigureAwait(false);
        return StatusJson.Read(body);
    }
}
