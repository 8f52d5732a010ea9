using System.Net;

namespace Conlink.Host.Status;

/// <summary>Where the control server listens: a Unix socket, or HTTP on a TCP port (loopback unless an address is given).</summary>
public sealed record StatusListener(string? SocketPath, int? Port, IPAddress? Address = null)
{
    public static StatusListener Unix(string path) => new(path, null);

    public static StatusListener Loopback(int port) => new(null, port);

    public static StatusListener Tcp(IPAddress address, int port) => new(null, port, address);

    public override string ToString() => SocketPath ?? $"{Address ?? IPAddress.Loopback}:{Port}";
}
