using Conlink.Config.Model;
using Conlink.Kernel.Links;
using Conlink.Netlink.Capture;
using Conlink.Netlink.Links;

namespace Conlink.Kernel.Traffic;

/// <summary>
/// What crosses the links conlink made: their counters (IFLA_STATS64) and packet captures
/// (AF_PACKET), read only when asked. A veth is read at its outer end in the bridge namespace, which
/// conlink marks with the alias <c>conlink CONTAINER:DEV</c>: one statistics dump there gives every
/// veth's counters at once, matched to its interface through the <see cref="BridgeLinkView"/>. A link
/// without an outer end (macvlan, ipvlan, vlan, dummy) is read in its container, one dump per
/// container, through the namespace handle the driver already holds.
/// </summary>
public sealed class LinkTraffic
{
    private readonly KernelContext _kernel;

    internal LinkTraffic(KernelContext kernel) => _kernel = kernel;

    /// <summary>
    /// The counters of each of <paramref name="links"/> that exists in the kernel now, by link id,
    /// as the container sees its interface. A link not (or no longer) in the kernel is left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, LinkCounters>> ReadCountersAsync(IReadOnlyCollection<TrafficLink> links, CancellationToken ct)
    {
        var result = new Dictionary<string, LinkCounters>(links.Count, StringComparer.Ordinal);
        if (links.Count == 0) return result;
        var bridge = _kernel.BridgeHandle;
        var dump = await _kernel.RunAsync(() => _kernel.BridgeLinks.Join(
            _kernel.Recorder(null, null).Do(bridge, "link-stats-list", bridge.LinkStatisticsList)), ct).ConfigureAwait(false);
        var byAlias = new Dictionary<string, (Link Link, LinkStatistics Statistics)>(StringComparer.Ordinal);
        var byName = new Dictionary<string, (Link Link, LinkStatistics Statistics)>(StringComparer.Ordinal);
        foreach (var counted in dump)
        {
            byName[counted.Link.Name] = counted;
            if (OwnedInterface.IsOwned(counted.Link)) byAlias[counted.Link.Alias!] = counted;
        }

        var inContainers = new Dictionary<string, List<TrafficLink>>(StringComparer.Ordinal);
        foreach (var link in links)
        {
            if (link.Id.StartsWith(TunnelSpec.LinkIdPrefix, StringComparison.Ordinal))
            {
                if (byName.TryGetValue(link.Dev, out var tunnel))
                    result[link.Id] = new LinkCounters(tunnel.Statistics, IsRunning(tunnel.Link), CounterSource.Tunnel);
            }
            else if (byAlias.TryGetValue(OwnedInterface.Alias(link.Id), out var outer))
                result[link.Id] = new LinkCounters(Swapped(outer.Statistics), IsRunning(outer.Link), CounterSource.OuterEnd);
            else
            {
                if (!inContainers.TryGetValue(link.Container, out var list)) inContainers[link.Container] = list = [];
                list.Add(link);
            }
        }

        foreach (var (container, wanted) in inContainers)
        {
            if (_kernel.Containers.Find(container) is not { } network) continue;
            IReadOnlyList<Link> inside;
            try
            {
                inside = await network.ListWithStatisticsAsync(ct).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                continue; // the container stopped while we asked: its links are gone
            }
            foreach (var link in wanted)
                if (inside.FirstOrDefault(l => l.Name == link.Dev) is { Statistics: { } s } found)
                    result[link.Id] = new LinkCounters(s, IsRunning(found), CounterSource.ContainerEnd);
        }
        return result;
    }

    /// <summary>
    /// Starts capturing on <paramref name="link"/>: at its outer end in the bridge namespace, or in
    /// the container when <paramref name="inside"/> or when the link has no outer end.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The link is in neither place (the message says where it was looked for).</exception>
    public async Task<PacketCapture> OpenCaptureAsync(TrafficLink link, bool inside, CaptureOptions options, CancellationToken ct)
    {
        if (link.Id.StartsWith(TunnelSpec.LinkIdPrefix, StringComparison.Ordinal))
            return await PacketCapture.OpenAsync(_kernel.BridgeNamespace, link.Dev, options).ConfigureAwait(false);
        if (!inside)
        {
            var bridge = _kernel.BridgeHandle;
            var alias = OwnedInterface.Alias(link.Id);
            var outer = await _kernel.RunAsync(() => bridge.LinkList().FirstOrDefault(l => l.Alias == alias), ct).ConfigureAwait(false);
            if (outer is not null)
                return await PacketCapture.OpenAsync(_kernel.BridgeNamespace, new LinkRef(outer.Index, outer.Name), options).ConfigureAwait(false);
        }
        if (_kernel.Containers.Find(link.Container) is not { } network)
            throw new KeyNotFoundException($"{link.Id}: container {link.Container} has no network open in conlink (is it running?)");
        return await network.OpenCaptureAsync(link.Dev, options).ConfigureAwait(false);
    }

    private static bool IsRunning(Link link) => (link.Flags & (InterfaceFlags.Up | InterfaceFlags.Running)) == (InterfaceFlags.Up | InterfaceFlags.Running);

    /// <summary>What the outer end received, the container sent, and the other way round.</summary>
    private static LinkStatistics Swapped(LinkStatistics s) => s with
    {
        RxBytes = s.TxBytes, RxPackets = s.TxPackets, RxErrors = s.TxErrors, RxDropped = s.TxDropped,
        TxBytes = s.RxBytes, TxPackets = s.RxPackets, TxErrors = s.RxErrors, TxDropped = s.RxDropped,
        Multicast = 0, RxNoHandler = 0,
    };
}
