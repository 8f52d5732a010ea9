namespace Conlink.Host.Control;

/// <summary>The control server's bounds, and who may change things through it.</summary>
public sealed record ControlServerOptions
{
    /// <summary>Connections served at once; beyond it the oldest one still sending its request is closed, and when none is, the newcomer gets 503.</summary>
    public int MaxClients { get; init; } = 32;

    /// <summary>From accepting a connection to having its whole request; a client idle for longer is closed.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>From having the request to having written the answer (streams such as /events excepted).</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxHeadBytes { get; init; } = Http.HttpRequestReader.DefaultMaxHeadBytes;

    public int MaxBodyBytes { get; init; } = Http.HttpRequestReader.DefaultMaxBodyBytes;

    /// <summary>The group (gid) whose members may also change things; the socket is then 0660 with that group.</summary>
    public uint? ControlGroup { get; init; }

    /// <summary>The token a TCP client must send to change things; null: the TCP port serves reads only.</summary>
    public string? Token { get; init; }

    /// <summary>Where the server says what went wrong outside any one request (accept errors).</summary>
    public Action<string> Warn { get; init; } = _ => { };
}
