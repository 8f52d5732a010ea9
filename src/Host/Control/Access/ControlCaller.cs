namespace Conlink.Host.Control.Access;

/// <summary>Who sent a request: over the Unix socket, the peer's credentials (SO_PEERCRED); over TCP, whether it carried the token.</summary>
public sealed record ControlCaller(ControlTransport Transport, PeerCredentials? Peer, string? BearerToken)
{
    public override string ToString() => Peer is { } peer ? $"uid {peer.Uid} (pid {peer.Pid})" : Transport == ControlTransport.Tcp ? "a TCP client" : "an unknown peer";
}

public enum ControlTransport
{
    Unix,
    Tcp,
}
