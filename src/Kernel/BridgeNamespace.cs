using Conlink.Netlink;
using Conlink.Netlink.Namespaces;

namespace Conlink.Kernel;

/// <summary>
/// Where conlink's bridges live: its own network namespace (the sidecar), or a named one
/// (<c>/run/netns/NAME</c>) when it runs on a host, created when missing. Only a namespace
/// conlink created is deleted at the end.
/// </summary>
public sealed record BridgeNamespace
{
    private BridgeNamespace(string? name, bool created)
    {
        Name = name;
        Created = created;
    }

    /// <summary>The named namespace; null for conlink's own.</summary>
    public string? Name { get; }

    /// <summary>True when conlink created the named namespace (and so deletes it at the end).</summary>
    public bool Created { get; }

    public bool IsOwn => Name is null;

    /// <summary>How log lines name it.</summary>
    public string Description => Name is null ? "conlink's own network namespace" : $"network namespace {Name}";

    public static BridgeNamespace Own() => new(null, false);

    /// <summary>The named namespace, created (as <c>ip netns add</c> would) when it does not exist.</summary>
    public static BridgeNamespace Named(string name)
    {
        var created = !NetNs.NamedExists(name);
        NetNs.OpenOrCreateNamed(name).Dispose();
        return new BridgeNamespace(name, created);
    }

    /// <summary>A new handle on the namespace; the caller (say, the driver) owns it.</summary>
    public NetNs Open() => Name is null ? NetNs.Current() : NetNs.OpenNamed(Name);

    /// <summary>
    /// conlink's Docker interface (see <see cref="DockerInterface"/>) and its addresses, null when
    /// there is none. In conlink's own namespace eth0 is renamed to it; a named namespace is only
    /// looked at, since its interfaces are not conlink's to rename.
    /// </summary>
    public DockerAddresses? PrepareDockerInterface()
    {
        using var ns = Open();
        using var handle = NetlinkHandle.Open(ns);
        return IsOwn ? DockerInterface.Prepare(handle) : DockerInterface.Find(handle);
    }

    /// <summary>Turns on IPv6 forwarding in the namespace (see <see cref="Forwards.Ipv6Forwarding"/>); null when it is on, else why not.</summary>
    public string? EnableIpv6Forwarding()
    {
        using var ns = Open();
        return Forwards.Ipv6Forwarding.Enable(ns);
    }

    /// <summary>Deletes the namespace if conlink created it; true when it did.</summary>
    public bool DeleteIfCreated() => Created && Name is not null && NetNs.DeleteNamed(Name);
}
