using Conlink.Netlink;
using Conlink.Netlink.Links;
using Conlink.Netlink.Namespaces;
using Conlink.Syntax.Routes;
using static Conlink.Benchmarks.Netlink.ConvergenceTopology;

namespace Conlink.Benchmarks.Netlink;

/// <summary>
/// The library, as the engine would use it: one handle in the hub, and per link the container's
/// namespace opened, a handle there, the veth created with its peer directly in place (MAC, MTU,
/// master and up set in the same request), then up, address and default route inside.
/// </summary>
internal sealed class OursConvergence(NetlinkHandle hub, int bridgeIndex) : IConvergenceMethod
{
    private static readonly RouteSpec DefaultRoute = RouteSpec.Parse($"default via {Gateway}");

    public string Name => "ours (rtnetlink, in process)";

    public int Converge(IEnumerable<int> indices)
    {
        foreach (var i in indices)
        {
            using var ns = NetNs.OpenNamed(Namespace(i));
            using var inside = NetlinkHandle.Open(ns);
            hub.LinkAdd(new LinkVeth(Outer(i), new VethPeer(Inner) { Namespace = ns, Mac = Mac(i), Mtu = Mtu })
            {
                Mtu = Mtu,
                MasterIndex = bridgeIndex,
                Up = true,
            });
            var eth0 = inside.LinkGet(Inner);
            inside.LinkSetUp(eth0);
            inside.AddrAdd(eth0, Address(i));
            inside.RouteAdd(DefaultRoute, eth0);
        }
        return 0;
    }
}
