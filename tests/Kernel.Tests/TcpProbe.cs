using System.Net;
using System.Net.Sockets;
using System.Text;
using Conlink.Netlink.Namespaces;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Real TCP between namespaces, in-process: a socket belongs to the namespace it is created in, so
/// the listener and the client are made on the namespace thread while it is switched there.
/// The listener answers each connection with what it saw: <c>LOCAL from REMOTE</c> (IPv6 ones as <c>[ADDRESS]:PORT</c>).
/// </summary>
public sealed class TcpProbe : IDisposable
{
    private readonly Socket _listener;

    private TcpProbe(Socket listener)
    {
        _listener = listener;
        _ = ServeAsync();
    }

    /// <summary>Listens on <paramref name="endpoint"/> inside the namespace of <paramref name="pid"/>.</summary>
    public static TcpProbe Listen(int pid, IPEndPoint endpoint)
    {
        var socket = CreateIn(pid, endpoint.AddressFamily);
        socket.Bind(endpoint);
        socket.Listen();
        return new TcpProbe(socket);
    }

    /// <summary>Connects from the namespace of <paramref name="pid"/> and returns the listener's answer; null when no connection is made.</summary>
    public static Task<string?> AskAsync(int pid, IPEndPoint target) => AskAsync(CreateIn(pid, target.AddressFamily), target);

    /// <summary>Connects from a named namespace and returns the listener's answer; null when no connection is made.</summary>
    public static Task<string?> AskAsync(string netns, IPEndPoint target)
    {
        using var ns = NetNs.OpenNamed(netns);
        return AskAsync(ns.Run(() => NewSocket(target.AddressFamily)), target);
    }

    public void Dispose() => _listener.Dispose();

    private static async Task<string?> AskAsync(Socket client, IPEndPoint target)
    {
        using (client)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await client.ConnectAsync(target, timeout.Token);
                var buffer = new byte[256];
                var length = 0;
                int read;
                while ((read = await client.ReceiveAsync(buffer.AsMemory(length), timeout.Token)) > 0) length += read;
                return Encoding.ASCII.GetString(buffer, 0, length);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return null;
            }
        }
    }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                using var connection = await _listener.AcceptAsync();
                await connection.SendAsync(Encoding.ASCII.GetBytes($"{connection.LocalEndPoint} from {connection.RemoteEndPoint}"));
                connection.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The probe was disposed.
        }
    }

    private static Socket CreateIn(int pid, AddressFamily family)
    {
        using var ns = NetNs.OfProcess(pid);
        return ns.Run(() => NewSocket(family));
    }

    /// <summary>An IPv4 or IPv6 socket; an IPv6 one is IPv6 only, so an IPv4 listener can share its port.</summary>
    private static Socket NewSocket(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        if (family == AddressFamily.InterNetworkV6) socket.DualMode = false;
        return socket;
    }
}
