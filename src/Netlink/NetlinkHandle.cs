using Conlink.Netlink.Connection;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Namespaces;
using Conlink.Netlink.Native;

namespace Conlink.Netlink;

/// <summary>
/// An rtnetlink connection bound to one network namespace: every operation acts there.
/// Operations are synchronous (each waits for the kernel's answer, typically microseconds) and
/// thread-safe (one request at a time per handle). Open one handle per namespace and reuse it;
/// dispose it to close its socket.
/// </summary>
public sealed partial class NetlinkHandle : IDisposable
{
    private readonly NetlinkConnection _connection;

    internal NetlinkHandle(INetlinkSocket socket) => _connection = new NetlinkConnection(socket);

    /// <summary>Display name of the namespace this handle acts in.</summary>
    public string Namespace => _connection.Namespace;

    /// <summary>Opens a handle in <paramref name="ns"/>; its socket is created on the namespace thread.</summary>
    public static NetlinkHandle Open(NetNs ns) => new(ns.Run(() => NetlinkSocket.Open(ns.DisplayName)));

    /// <summary>Like <see cref="Open"/>, without blocking the caller while the namespace thread works.</summary>
    public static async Task<NetlinkHandle> OpenAsync(NetNs ns) =>
        new(await ns.RunAsync(() => NetlinkSocket.Open(ns.DisplayName)).ConfigureAwait(false));

    public void Dispose() => _connection.Dispose();

    /// <summary>The index of <paramref name="link"/>, asking the kernel when only its name is known.</summary>
    public int ResolveIndex(LinkRef link) => link.HasIndex ? link.Index : LinkGet(link).Index;

    private NetlinkException Missing(Operation operation, LinkRef link) =>
        new(Errno.ENODEV, new OperationContext(operation, link), Namespace, null);
}
