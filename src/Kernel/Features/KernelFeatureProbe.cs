using System.Net;
using Conlink.Kernel.Tools;
using Conlink.Netlink;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Namespaces;
using Conlink.Netlink.Tc;
using Conlink.Syntax.Netem;

namespace Conlink.Kernel.Features;

/// <summary>
/// Finds out which <see cref="KernelFeature"/>s this kernel has by trying each one in a throwaway
/// network namespace (created for the probe and deleted after it, so nothing of the machine's own
/// networking is touched): the interface type is created on a veth, the qdisc and filter are added
/// to it, iptables and ip6tables list the nat table there. The kernel may load a module on demand while it is
/// tried, as it would when conlink uses the feature. Open vSwitch is only looked up
/// (<see cref="IsModuleLoaded"/>): conlink never loads it. Needs root.
/// </summary>
public static class KernelFeatureProbe
{
    /// <summary>Whether each feature is there: null when it is, else why not.</summary>
    public static IReadOnlyDictionary<KernelFeature, string?> Probe(IEnumerable<KernelFeature> features)
    {
        var wanted = features.Distinct().ToList();
        var name = "conlink-probe-" + Guid.NewGuid().ToString("N")[..8];
        var results = new Dictionary<KernelFeature, string?>();
        using (var ns = NetNs.OpenOrCreateNamed(name))
        {
            try
            {
                using var handle = NetlinkHandle.Open(ns);
                handle.LinkAdd(new LinkVeth("probe0", new VethPeer("probe1")) { Up = true });
                handle.LinkSetUp("probe1");
                var parent = handle.ResolveIndex("probe0");
                foreach (var feature in wanted) results[feature] = Missing(feature, ns, handle, parent);
            }
            finally
            {
                NetNs.DeleteNamed(name);
            }
        }
        return results;
    }

    private static string? Missing(KernelFeature feature, NetNs ns, NetlinkHandle handle, int parent)
    {
        try
        {
            switch (feature.Kind)
            {
                case KernelFeatureKind.LinkType:
                    if (feature != KernelFeature.Veth) TryLink(handle, LinkOf(feature, parent));
                    return null;
                case KernelFeatureKind.Netem:
                    handle.QdiscReplace("probe0", NetemSpec.Parse("delay 1ms"));
                    handle.QdiscDel("probe0");
                    return null;
                case KernelFeatureKind.TcMirred:
                    handle.QdiscReplace("probe1", new IngressQdisc());
                    handle.FilterReplace("probe1", new MirredRedirectFilter(parent));
                    handle.QdiscDel("probe1", TcHandle.IngressParent);
                    return null;
                case KernelFeatureKind.IptablesNat:
                    ExternalCommand.Run("iptables", ["-w", "-t", "nat", "-S"], ns);
                    return null;
                case KernelFeatureKind.Ip6tablesNat:
                    ExternalCommand.Run("ip6tables", ["-w", "-t", "nat", "-S"], ns);
                    return null;
                case KernelFeatureKind.LoadedModule:
                    return IsModuleLoaded(feature.Module) ? null : $"module {feature.Module} is not loaded";
                default:
                    throw new ArgumentOutOfRangeException(nameof(feature), feature.Kind, "no probe for this kind");
            }
        }
        catch (NetlinkException e)
        {
            return e.Message;
        }
        catch (ToolException e)
        {
            return e.Message;
        }
    }

    private static void TryLink(NetlinkHandle handle, LinkDefinition link)
    {
        handle.LinkAdd(link);
        handle.LinkDel(link.Name);
    }

    private static LinkDefinition LinkOf(KernelFeature feature, int parent) => feature.Name switch
    {
        "bridge" => new LinkBridge("probe-t"),
        "dummy" => new LinkDummy("probe-t"),
        "vlan" => new LinkVlan("probe-t", parent, 5),
        "macvlan" => new LinkMacvlan("probe-t", parent),
        "macvtap" => new LinkMacvtap("probe-t", parent),
        "ipvlan" => new LinkIpvlan("probe-t", parent),
        "ipvtap" => new LinkIpvtap("probe-t", parent),
        "vxlan" => new LinkVxlan("probe-t", 42) { Remote = IPAddress.Parse("10.255.255.2"), Port = 4789 },
        "geneve" => new LinkGeneve("probe-t", 42, IPAddress.Parse("10.255.255.2")),
        _ => throw new ArgumentOutOfRangeException(nameof(feature), feature.Name, "not a link type"),
    };

    /// <summary>Whether <paramref name="module"/> is loaded: a line of <c>/proc/modules</c>, or (built in, or where there is no /proc/modules) <c>/sys/module/NAME</c>.</summary>
    public static bool IsModuleLoaded(string module)
    {
        try
        {
            return Directory.Exists($"/sys/module/{module}") || File.ReadLines("/proc/modules").Any(line => line.Split(' ', 2)[0] == module);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
