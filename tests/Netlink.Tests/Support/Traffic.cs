using System.Net;
using System.Net.Sockets;
using Conlink.Netlink.Namespaces;

namespace Conlink.Netlink.Tests.Support;

/// <summary>Real TCP traffic between namespaces, from sockets created on the namespace thread.</summary>
public static class Traffic
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Connects from <paramref name="client"/> to a listener in <paramref name="server"/> and echoes a greeting back.</summary>
    public static async Task<string> EchoAsync(NetNs client, NetNs server, IPAddress address, int port = 7777)
    {
        using var listener = server.Run(() => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(address, port));
        listener.Listen();
        using var connection = client.Run(() => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        using var cancel = new CancellationTokenSource(Timeout);

        var accepting = listener.AcceptAsync(cancel.Token).AsTask();
        await connection.ConnectAsync(new IPEndPoint(address, port), cancel.Token);
        using var accepted = await accepting;
        await connection.SendAsync("hello across namespaces"u8.ToArray(), cancel.Token);
        var buffer = new byte[64];
        var received = await accepted.ReceiveAsync(buffer, cancel.Token);
        await accepted.SendAsync(buffer.AsMemory(0, received), cancel.Token);
        var echoed = await connection.ReceiveAsync(buffer, cancel.Token);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, echoed);
    }

    /// <summary>
    /// Sends <paramref name="bytes"/> over TCP from <paramref name="client"/> to a listener in
    /// <paramref name="server"/> and returns how long the server took to receive them all.
    /// </summary>
    public static async Task<TimeSpan> TransferAsync(NetNs client, NetNs server, IPAddress address, int bytes, int port = 7778)
    {
        using var listener = server.Run(() => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(address, port));
        listener.Listen();
        using var connection = client.Run(() => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var accepting = listener.AcceptAsync(cancel.Token).AsTask();
        await connection.ConnectAsync(new IPEndPoint(address, port), cancel.Token);
        using var accepted = await accepting;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sending = connection.SendAsync(new byte[bytes], cancel.Token).AsTask();
        var buffer = new byte[64 * 1024];
        for (var received = 0; received < bytes;)
        {
            var n = await accepted.ReceiveAsync(buffer, cancel.Token);
            if (n == 0) throw new IOException($"the connection closed after {received} of {bytes} bytes");
            received += n;
        }
        var elapsed = clock.Elapsed;
        await sending;
        return elapsed;
    }
}
