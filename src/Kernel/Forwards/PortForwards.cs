using System.Net;
using Conlink.Config.Planning;
using Conlink.Kernel.Tools;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Syntax.Routes;

namespace Conlink.Kernel.Forwards;

/// <summary>
/// The port forwards in the bridge namespace: per forward a DNAT and a MARK rule on the Docker
/// interface, per bridge one MASQUERADE rule for marked traffic, per target a /32 route through the
/// bridge, and IPv4 forwarding on both interfaces. Changes happen under one lock, since two
/// containers checking for and inserting the same rule at once would insert it twice; a bridge's
/// MASQUERADE rule goes with its last forward.
/// </summary>
internal sealed class PortForwards(KernelContext kernel)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _linksByBridge = new();

    public void Add(LinkPlan link, NetlinkRecorder recorder)
    {
        var (dockerDev, bridge, ip) = Target(link);
        var handle = kernel.BridgeHandle;
        lock (_lock)
        {
            foreach (var dev in new[] { dockerDev, bridge })
                recorder.Do(handle, $"link-set-ipv4-forwarding {dev} on", () => handle.LinkSetIpv4Forwarding(dev, true));
            foreach (var forward in link.Forward)
                recorder.Do(handle.Namespace, $"iptables forward {forward} to {ip}", () =>
                {
                    Iptables.Ensure(kernel.BridgeNamespace, Iptables.ForwardRules(link.OuterDev!, dockerDev, forward.OuterPort, ip, forward.InnerPort, Protocol(forward)));
                    return true;
                });
            var links = LinksOf(bridge);
            if (links.Count == 0)
                recorder.Do(handle.Namespace, "iptables masquerade " + bridge, () =>
                {
                    Iptables.Ensure(kernel.BridgeNamespace, Iptables.MasqueradeRule(bridge));
                    return true;
                });
            links.Add(link.Id);
            recorder.Do(handle, $"route-replace {ip}/32 dev {bridge}", () => handle.RouteReplace(Route(ip, bridge)));
        }
    }

    public void Remove(LinkPlan link, NetlinkRecorder recorder)
    {
        if (kernel.Options.DockerInterface is null) return; // nothing can have been added
        var (dockerDev, bridge, ip) = Target(link);
        var handle = kernel.BridgeHandle;
        lock (_lock)
        {
            foreach (var forward in link.Forward)
                recorder.Do(handle.Namespace, $"iptables forward-del {forward} to {ip}", () =>
                {
                    Iptables.Remove(kernel.BridgeNamespace, Iptables.ForwardRules(link.OuterDev!, dockerDev, forward.OuterPort, ip, forward.InnerPort, Protocol(forward)));
                    return true;
                });
            var links = LinksOf(bridge);
            if (links.Remove(link.Id) && links.Count == 0)
                recorder.Do(handle.Namespace, "iptables masquerade-del " + bridge, () =>
                {
                    Iptables.Remove(kernel.BridgeNamespace, Iptables.MasqueradeRule(bridge));
                    return true;
                });
            try
            {
                recorder.Do(handle, $"route-del {ip}/32 dev {bridge}", () => handle.RouteDel(Route(ip, bridge)));
            }
            catch (NetlinkException e) when (e.NotFound)
            {
                // Never added (the link failed first), or gone with the bridge.
            }
        }
    }

    private HashSet<string> LinksOf(string bridge)
    {
        if (!_linksByBridge.TryGetValue(bridge, out var links)) _linksByBridge[bridge] = links = [];
        return links;
    }

    private (string DockerDev, string Bridge, IPAddress Ip) Target(LinkPlan link) =>
        (kernel.Options.DockerInterface ?? throw new InvalidOperationException($"{link.Id}: forward needs conlink's Docker interface, and it has none"),
         link.Bridge?.Name ?? throw new InvalidOperationException($"{link.Id}: forward needs a bridge"),
         link.PrimaryIp(System.Net.Sockets.AddressFamily.InterNetwork)?.Address ?? throw new InvalidOperationException($"{link.Id}: forward needs an ip"));

    private static RouteSpec Route(IPAddress ip, string bridge) => new() { Destination = new IPNetwork(ip, 32), Device = bridge };

    private static string Protocol(Config.Model.ForwardSpec forward) => forward.Protocol.ToString().ToLowerInvariant();
}
