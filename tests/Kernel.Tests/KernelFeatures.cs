using System.Collections.Concurrent;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// What this kernel can do, found by trying it with iproute2 in a scratch namespace, so a test of
/// a feature and a test of its "kernel lacks it" error each run exactly where they apply.
/// </summary>
public static class KernelFeatures
{
    private static readonly ConcurrentDictionary<string, bool> Known = new();

    /// <summary>Whether <c>ip link add ... type KIND</c> works (on a veth parent for the host-parent kinds).</summary>
    public static bool HasLinkType(string kind) => Known.GetOrAdd("link " + kind, _ => Try(ns =>
    {
        ns.Ip("link", "add", "p0", "type", "veth", "peer", "name", "p1");
        string[] type = kind switch
        {
            "dummy" => ["type", "dummy"],
            "vlan" => ["link", "p0", "type", "vlan", "id", "5"],
            "veth" => ["type", "veth", "peer", "name", "t1"],
            "bridge" => ["type", "bridge"],
            "vxlan" => ["type", "vxlan", "id", "42", "remote", "10.255.255.2", "dstport", "4789"],
            "geneve" => ["type", "geneve", "id", "42", "remote", "10.255.255.2"],
            _ => ["link", "p0", "type", kind],
        };
        return KernelProbe.Run("ip", ["-n", ns.Name, "link", "add", "t0", .. type]).ExitCode == 0;
    }));

    public static bool HasQdisc(string kind) => Known.GetOrAdd("qdisc " + kind, _ => Try(ns =>
        KernelProbe.Run("tc", ["-n", ns.Name, "qdisc", "add", "dev", "lo", "root", kind]).ExitCode == 0));

    /// <summary>Whether an ingress qdisc takes a u32 match-all filter that redirects with mirred (what patch bridges use).</summary>
    public static bool HasMirredRedirect() => Known.GetOrAdd("mirred", _ => Try(ns =>
    {
        ns.Ip("link", "add", "p0", "type", "veth", "peer", "name", "p1");
        return KernelProbe.Run("tc", ["-n", ns.Name, "qdisc", "add", "dev", "p0", "ingress"]).ExitCode == 0
            && KernelProbe.Run("tc", ["-n", ns.Name, "filter", "add", "dev", "p0", "parent", "ffff:", "protocol", "all", "u32", "match", "u8", "0", "0",
                "action", "mirred", "egress", "redirect", "dev", "p1"]).ExitCode == 0;
    }));

    /// <summary>Whether iptables can list the nat table in a fresh namespace.</summary>
    public static bool HasIptablesNat() => Known.GetOrAdd("iptables nat", _ => Try(ns =>
        KernelProbe.InNamed(ns.Name, "iptables", "-w", "-t", "nat", "-S").ExitCode == 0));

    /// <summary>Whether ip6tables can list the nat table in a fresh namespace.</summary>
    public static bool HasIp6tablesNat() => Known.GetOrAdd("ip6tables nat", _ => Try(ns =>
        KernelProbe.InNamed(ns.Name, "ip6tables", "-w", "-t", "nat", "-S").ExitCode == 0));

    private static bool Try(Func<ScratchNetns, bool> probe)
    {
        using var ns = new ScratchNetns("clprobe");
        return probe(ns);
    }
}
