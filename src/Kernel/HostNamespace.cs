using Conlink.Netlink.Namespaces;

namespace Conlink.Kernel;

/// <summary>
/// Which network namespace is "the host" for host-parent links (macvlan, macvtap, ipvlan, ipvtap,
/// vlan): conlink's own when it runs on a host, pid 1's when it runs in a container (the host's
/// with <c>pid: host</c>), or a namespace file the user names (<c>--host-netns PATH</c>).
/// </summary>
public sealed record HostNamespace
{
    private HostNamespace(string description, string? path)
    {
        Description = description;
        Path = path;
    }

    /// <summary>conlink's own namespace.</summary>
    public static HostNamespace Own { get; } = new("conlink's own network namespace", null);

    /// <summary>The namespace of pid 1: the host's when conlink's container shares the host's pid namespace.</summary>
    public static HostNamespace OfPid1 { get; } = new("pid 1's network namespace (/proc/1/ns/net)", "/proc/1/ns/net");

    /// <summary>A namespace file such as <c>/run/netns/NAME</c> or <c>/proc/PID/ns/net</c>.</summary>
    public static HostNamespace AtPath(string path) => new($"network namespace {path}", path);

    /// <summary>How log lines and errors name it.</summary>
    public string Description { get; }

    /// <summary>The namespace file; null for conlink's own namespace.</summary>
    public string? Path { get; }

    /// <exception cref="HostNamespaceException">It cannot be opened; the message says which namespace and why.</exception>
    public NetNs Open()
    {
        try
        {
            if (Path is null) return NetNs.Current();
            // A named namespace is called by its name in errors, as everywhere else.
            var named = System.IO.Path.GetDirectoryName(Path) == NetNs.NamedRoot ? System.IO.Path.GetFileName(Path) : null;
            return named is not null ? NetNs.OpenNamed(named) : NetNs.Open(Path);
        }
        catch (Exception e) when (e is Netlink.Errors.NetlinkException or InvalidOperationException or ArgumentException)
        {
            throw new HostNamespaceException(this, e);
        }
    }

    public override string ToString() => Description;
}

/// <summary>The host's namespace cannot be opened, so no host-parent link can be made.</summary>
public sealed class HostNamespaceException(HostNamespace host, Exception inner)
    : Exception($"host-parent links need the host's namespace, {host.Description}, which cannot be opened: {inner.Message} "
        + "(run conlink with pid: host, or name the host's namespace with --host-netns PATH)", inner);
