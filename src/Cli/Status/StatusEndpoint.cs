using Conlink.Host.Status;

namespace Conlink.Cli.Status;

/// <summary>Where a running conlink answers status requests: a Unix socket, or HTTP on a loopback port.</summary>
internal sealed record StatusEndpoint(string? SocketPath, int? Port)
{
    public static StatusEndpoint Socket(string path) => new(path, null);

    public static StatusEndpoint Loopback(int port) => new(null, port);

    /// <summary>
    /// The endpoint the options name; without any, the socket of a conlink in this container when it
    /// exists, else that of a conlink on this host with the default namespace.
    /// </summary>
    public static StatusEndpoint Choose(string? socket, int? port, string? netns)
    {
        if (port is { } p) return Loopback(p);
        if (socket is not null) return Socket(socket);
        if (netns is not null) return Socket(StatusSocket.PathFor(netns));
        return Socket(File.Exists(StatusSocket.DefaultPath) ? StatusSocket.DefaultPath : StatusSocket.HostDefaultPath);
    }

    public override string ToString() => Port is { } port ? $"http://127.0.0.1:{port}/status" : $"unix socket {SocketPath}";
}
