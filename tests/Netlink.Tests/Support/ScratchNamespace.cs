using System.Text.Json;
using Conlink.Netlink.Namespaces;

namespace Conlink.Netlink.Tests.Support;

/// <summary>A throwaway named namespace with a handle in it; deleted (with everything in it) on dispose.</summary>
public sealed class ScratchNamespace : IDisposable
{
    private ScratchNamespace(string name)
    {
        Name = name;
        Ns = NetNs.OpenOrCreateNamed(name);
        Handle = NetlinkHandle.Open(Ns);
    }

    public string Name { get; }

    public NetNs Ns { get; }

    public NetlinkHandle Handle { get; }

    public static ScratchNamespace Create()
    {
        Root.Require();
        return new ScratchNamespace($"cnt-{Guid.NewGuid():N}"[..14]);
    }

    /// <summary><c>ip -n NAME -j -d link show dev DEV</c>, the first (only) entry.</summary>
    public JsonElement IpLink(string dev) => Tool.Json("ip", Name, "-d", "link", "show", "dev", dev)[0];

    public JsonElement Ip(params string[] arguments) => Tool.Json("ip", Name, arguments);

    public JsonElement Tc(params string[] arguments) => Tool.Json("tc", Name, arguments);

    public void Dispose()
    {
        Handle.Dispose();
        Ns.Dispose();
        NetNs.DeleteNamed(Name);
    }
}
