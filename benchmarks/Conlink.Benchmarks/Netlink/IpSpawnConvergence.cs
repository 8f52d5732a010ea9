using static Conlink.Benchmarks.Netlink.ConvergenceTopology;

namespace Conlink.Benchmarks.Netlink;

/// <summary>One <c>ip</c> process per command, as the original conlink's scripts run them.</summary>
internal sealed class IpSpawnConvergence : IConvergenceMethod
{
    public string Name => "ip, one process per command";

    public int Converge(IEnumerable<int> indices)
    {
        var processes = 0;
        foreach (var i in indices)
        {
            string ns = Namespace(i), outer = Outer(i);
            string[][] commands =
            [
                ["-n", Hub, "link", "add", outer, "type", "veth", "peer", Inner, "netns", ns],
                ["-n", ns, "link", "set", Inner, "address", MacText(i)],
                ["-n", ns, "link", "set", Inner, "mtu", $"{Mtu}"],
                ["-n", ns, "addr", "add", Address(i).ToString(), "dev", Inner],
                ["-n", ns, "link", "set", Inner, "up"],
                ["-n", ns, "route", "add", "default", "via", Gateway.ToString(), "dev", Inner],
                ["-n", Hub, "link", "set", outer, "mtu", $"{Mtu}"],
                ["-n", Hub, "link", "set", outer, "up"],
                ["-n", Hub, "link", "set", outer, "master", Bridge],
            ];
            foreach (var command in commands)
            {
                IpTool.Run(command);
                processes++;
            }
        }
        return processes;
    }
}
