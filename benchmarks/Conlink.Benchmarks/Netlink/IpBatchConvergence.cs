using System.Text;
using static Conlink.Benchmarks.Netlink.ConvergenceTopology;

namespace Conlink.Benchmarks.Netlink;

/// <summary>
/// One <c>ip -batch</c> per namespace (the same kernel requests, almost no process cost): each
/// container namespace creates its veth with the peer placed in the hub, then one batch in the hub
/// attaches every peer to the bridge. The closest a shell-out approach gets to the kernel's floor.
/// </summary>
internal sealed class IpBatchConvergence : IConvergenceMethod
{
    public string Name => "ip -batch, one per namespace";

    public int Converge(IEnumerable<int> indices)
    {
        var processes = 0;
        var hub = new StringBuilder();
        foreach (var i in indices)
        {
            var inside = new StringBuilder()
                .AppendLine($"link add {Inner} address {MacText(i)} mtu {Mtu} type veth peer {Outer(i)} netns {Hub} mtu {Mtu}")
                .AppendLine($"link set {Inner} up")
                .AppendLine($"addr add {Address(i)} dev {Inner}")
                .AppendLine($"route add default via {Gateway} dev {Inner}");
            IpTool.Batch(Namespace(i), inside.ToString());
            processes++;
            hub.AppendLine($"link set {Outer(i)} master {Bridge} up");
        }
        IpTool.Batch(Hub, hub.ToString());
        return processes + 1;
    }
}
