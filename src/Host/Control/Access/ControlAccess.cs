using System.Security.Cryptography;
using System.Text;

namespace Conlink.Host.Control.Access;

/// <summary>
/// Who may change things. Reads are allowed to anyone who can reach the server (the socket's mode
/// decides who can open it). Mutations: over the Unix socket, uid 0, or a member of the control
/// group when there is one; over TCP, only a request that carries the control token, and never
/// when conlink was started without one.
/// </summary>
public sealed class ControlAccess(uint? controlGroup, string? token)
{
    public static ControlAccess RootOnly { get; } = new(null, null);

    public uint? ControlGroup { get; } = controlGroup;

    public bool HasToken => token is not null;

    /// <returns>Null when <paramref name="caller"/> may change things, else why not (said to the caller).</returns>
    /// <param name="doing">What is refused, for the message (<c>change</c>; a capture: <c>capture traffic on</c>).</param>
    public string? RefuseMutation(ControlCaller caller, string doing = "change")
    {
        if (caller.Transport == ControlTransport.Tcp)
        {
            if (token is null)
                return $"this TCP port serves reads only: to {doing} a running conlink, go through the Unix socket as root, "
                    + "or start conlink with --control-token-file FILE and send 'Authorization: Bearer TOKEN'";
            if (caller.BearerToken is null)
                return $"to {doing} a running conlink over TCP, send 'Authorization: Bearer TOKEN' (the token in conlink's --control-token-file)";
            return FixedTimeEquals(caller.BearerToken, token) ? null : "the bearer token is wrong";
        }
        if (caller.Peer is not { } peer) return "the caller's credentials are unknown, so it may not change anything";
        if (peer.Uid == 0) return null;
        if (ControlGroup is { } gid && peer.IsInGroup(gid)) return null;
        return ControlGroup is { } group
            ? $"only root or a member of group {group} may {doing} a running conlink (caller: uid {peer.Uid})"
            : $"only root may {doing} a running conlink (caller: uid {peer.Uid}); reads such as 'conlink status' are allowed";
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
