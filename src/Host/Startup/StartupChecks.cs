using Conlink.Config.Model;

namespace Conlink.Host.Startup;

/// <summary>
/// What must hold before run mode starts, beyond the config's own validation: the kernel has what
/// the bridges need, and forwards have conlink's Docker interface to arrive through.
/// </summary>
public static class StartupChecks
{
    public static IReadOnlyList<string> Problems(NetworkConfig config, Func<string, bool> isModuleLoaded, bool hasDockerInterface)
    {
        var problems = new List<string>();
        foreach (var bridge in config.Bridges.Values.Where(b => b is { Mode: BridgeMode.Ovs, ModeWasAuto: false }))
            if (!isModuleLoaded("openvswitch"))
                problems.Add($"bridge {bridge.Name} uses mode 'ovs', but the openvswitch kernel module is not loaded "
                    + "(run 'modprobe openvswitch' on the host, or use mode linux or auto)");

        var endpoints = config.Services.Select(s => ("service", s.Key, s.Value)).Concat(config.Containers.Select(c => ("container", c.Key, c.Value)));
        foreach (var (kind, name, endpoint) in endpoints)
        {
            foreach (var link in endpoint.Links.Where(l => l.Forward.Count > 0))
            {
                var where = $"{kind} {name}, link {link.Dev}";
                if (!hasDockerInterface)
                    problems.Add($"{where}: forward needs conlink's Docker interface (eth0), and conlink has none "
                        + "(run conlink on a Docker network, not network_mode: none, and publish the ports)");
                if (link.Bridge is { Mode: not (BridgeMode.Linux or BridgeMode.Ovs) } bridge)
                    problems.Add($"{where}: forward needs a linux or ovs bridge, but bridge {bridge.Name} is in {bridge.Mode.ToString().ToLowerInvariant()} mode");
            }
        }
        return problems;
    }
}
