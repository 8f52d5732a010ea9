using System.Net.Sockets;
using Conlink.Config.Model;
using Conlink.Config.Planning;

namespace Conlink.Host.Startup;

/// <summary>
/// What must hold before run mode starts, beyond the config's own validation: the kernel has what
/// the bridges need, and forwards have conlink's Docker interface to arrive through, with an
/// address (and, for IPv6, forwarding) of a family each forwarded link has. A dual-stack link that
/// can be forwarded over one family only is a warning, not a problem: that family's forwards work.
/// </summary>
public static class StartupChecks
{
    /// <param name="forwards">What conlink's namespace offers forwards (its Docker interface's addresses, IPv6 forwarding).</param>
    public static IReadOnlyList<string> Problems(NetworkConfig config, Func<string, bool> isModuleLoaded, PlanningContext forwards)
    {
        var problems = new List<string>();
        foreach (var bridge in config.Bridges.Values.Where(b => b is { Mode: BridgeMode.Ovs, ModeWasAuto: false }))
            if (!isModuleLoaded("openvswitch"))
                problems.Add($"bridge {bridge.Name} uses mode 'ovs', but the openvswitch kernel module is not loaded "
                    + "(run 'modprobe openvswitch' on the host, or use mode linux or auto)");

        foreach (var (where, link) in ForwardedLinks(config))
        {
            var families = ForwardFamilies.Of(link, forwards);
            if (families.Unusable is [ForwardFamilies.NoDockerInterface])
                problems.Add($"{where}: forward needs conlink's Docker interface (eth0), and conlink has none "
                    + "(run conlink on a Docker network, not network_mode: none, and publish the ports)");
            else if (families.Usable.Count == 0)
                problems.Add($"{where}: {string.Join("; ", families.Unusable)}");
            if (link.Bridge is { Mode: not (BridgeMode.Linux or BridgeMode.Ovs) } bridge)
                problems.Add($"{where}: forward needs a linux or ovs bridge, but bridge {bridge.Name} is in {bridge.Mode.ToString().ToLowerInvariant()} mode");
        }
        return problems;
    }

    /// <summary>Links that are forwarded over some of their families but not all: each with why not the others.</summary>
    public static IReadOnlyList<string> Warnings(NetworkConfig config, PlanningContext forwards) =>
        ForwardedLinks(config)
            .Select(l => (l.Where, Families: ForwardFamilies.Of(l.Link, forwards)))
            .Where(l => l.Families is { Usable.Count: > 0, Unusable.Count: > 0 })
            .Select(l => $"{l.Where}: its forwards go over {string.Join(" and ", l.Families.Usable.Select(Name))} only; {string.Join("; ", l.Families.Unusable)}")
            .ToList();

    /// <summary>Whether a forward of the config goes to an IPv6 address (so conlink's namespace needs IPv6 forwarding).</summary>
    public static bool ForwardsToIpv6(NetworkConfig config) =>
        ForwardedLinks(config).Any(l => l.Link.PrimaryIp(AddressFamily.InterNetworkV6) is not null);

    private static IEnumerable<(string Where, LinkSpec Link)> ForwardedLinks(NetworkConfig config) =>
        config.Services.Select(s => ("service", s.Key, s.Value)).Concat(config.Containers.Select(c => ("container", c.Key, c.Value)))
            .SelectMany(e => e.Value.Links.Where(l => l.Forward.Count > 0).Select(l => ($"{e.Item1} {e.Key}, link {l.Dev}", l)));

    private static string Name(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
