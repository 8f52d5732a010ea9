using Conlink.Netlink.Namespaces;

namespace Conlink.Kernel;

/// <summary>
/// Which network namespace is "the host" for host-parent links (macvlan, macvtap, ipvlan, ipvtap,
/// vlan): conlink's own when it runs on a host, pid 1's when it runs in a container (the host's
/// with <c>pid: host</c>), or a namespace file the user names (<c>--host-netns PATH</c>).
/// </summary>
public sealed class HostNamespace
{
    private readonly Func<NetNs> _open;

    private HostNamespace(string description, string? path, Func<NetNs> open)
    {
        Description = description;
        Path = path;
        _open = open;
    }

    /// <summary>conlink's own namespace.</summary>
    public static HostNamespace Own { get; } = new("conlink's own network namespace", null, NetNs.Current);

    /// <summary>The namespace of pid 1: the host's when conlink's container shares the host's pid namespace.</summary>
    public static HostNamespace OfPid1 { get; } = new("pid 1's network namespace (/proc/1/ns/net)", "/proc/1/ns/net", () => NetNs.OfProcess(1));

    /// <summary>A namespace file such as <c>/run/netns/NAME</c> or <c>/proc/PID/ns/net</c>.</summary>
    public static HostNamespace AtPath(string path) => new($"network namespace {path}", path, () => OpenFile(path));

    /// <summary>
    /// Where the host is: the namespace file the user named (<c>--host-netns</c>), else pid 1's
    /// when conlink runs in a container (with <c>pid: host</c> that is the host's), else conlink's own.
    /// </summary>
    public static HostNamespace Choose(string? path, bool inContainer) =>
        path is not null ? AtPath(path) : inContainer ? OfPid1 : Own;

    /// <summary>How log lines and errors name it.</summary>
    public string Description { get; }

    /// <summary>The namespace file; null for conlink's own namespace.</summary>
    public string? Path { get; }

    /// <exception cref="HostNamespaceException">It cannot be opened; the message says which namespace and why.</exception>
    public NetNs Open()
    {
        try
        {
            return _open();
        }
        catch (Exception e) when (e is Netlink.Errors.NetlinkException or InvalidOperationException or ArgumentException)
        {
            throw new HostNamespaceException(this, e);
        }
    }

    public override string ToString() => Description;

    /// <summary>A named namespace is called by its name in errors, as everywhere else; any other file by its path.</summary>
    private static NetNs OpenFile(string path) =>
        System.IO.Path.GetDirectoryName(path) == NetNs.NamedRoot ? NetNs.OpenNamed(System.IO.Path.GetFileName(path)) : NetNs.Open(path);
}

/// <summary>The host's namespace cannot be opened, so no host-parent link can be made.</summary>
public sealed class HostNamespaceException(HostNamespace host, Exception inner)
    : Exception($"host-parent links need the host's namespace, {host.Description}, which cannot be opened: {inner.Message} "
        + "(run conlink with pid: host, or name the host's namespace with --host-netns PATH)", inner);
