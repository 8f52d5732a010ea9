namespace Conlink.Host.Status;

/// <summary>Where the status server listens: a Unix socket, or HTTP on a loopback TCP port.</summary>
public sealed record StatusListener(string? SocketPath, int? Port)
{
    public static StatusListener Unix(string path) => new(path, null);

    public static StatusListener Loopback(int port) => new(null, port);

    public override string ToString() => SocketPath ?? $"127.0.0.1:{Port}";
}
