using System.Collections.Concurrent;

namespace Conlink.Netlink.Tests.Support;

/// <summary>
/// Tests of what some kernels lack (dummy, vlan, ipvlan/ipvtap, geneve, netem) carry
/// <c>[Trait("Category", "KernelFeature")]</c> and skip, saying what is missing, where the kernel
/// lacks it. <c>scripts/test.sh vm</c> runs them on Debian's stock kernel, where they must not skip.
/// Whether the kernel has a feature is asked of iproute2 in a scratch namespace, not of the library.
/// </summary>
public static class KernelFeature
{
    private const string WhereItRuns = "scripts/test.sh vm runs this test on Debian's kernel";
    private static readonly ConcurrentDictionary<string, bool> Known = new();

    /// <summary>Skips unless <c>ip link add ... type KIND</c> works (on a veth parent for the kinds that need one).</summary>
    public static void RequireLinkType(string kind, string module)
    {
        Root.Require();
        Skip.IfNot(HasLinkType(kind), $"this kernel has no '{kind}' link type (module {module}); {WhereItRuns}");
    }

    /// <summary>Skips unless <c>tc qdisc add ... KIND</c> works.</summary>
    public static void RequireQdisc(string kind, string module)
    {
        Root.Require();
        Skip.IfNot(HasQdisc(kind), $"this kernel has no '{kind}' qdisc (module {module}); {WhereItRuns}");
    }

    public static bool HasLinkType(string kind) => Known.GetOrAdd("link " + kind, _ => Probe(ns =>
    {
        Tool.Run("ip", "-n", ns.Name, "link", "add", "p0", "type", "veth", "peer", "name", "p1");
        string[] type = kind switch
        {
            "dummy" => ["type", "dummy"],
            "geneve" => ["type", "geneve", "id", "1", "remote", "10.9.0.2"],
            "vlan" => ["link", "p0", "type", "vlan", "id", "5"],
            _ => ["link", "p0", "type", kind],
        };
        return Tool.TryRun("ip", ["-n", ns.Name, "link", "add", "t0", .. type]).ExitCode == 0;
    }));

    public static bool HasQdisc(string kind) => Known.GetOrAdd("qdisc " + kind, _ => Probe(ns =>
        Tool.TryRun("tc", "-n", ns.Name, "qdisc", "add", "dev", "lo", "root", kind).ExitCode == 0));

    private static bool Probe(Func<ScratchNamespace, bool> probe)
    {
        using var ns = ScratchNamespace.Create();
        return probe(ns);
    }
}
