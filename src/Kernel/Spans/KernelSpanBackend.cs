using System.Net;
using Conlink.Actors.Ports;
using Conlink.Config.Model;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Neighbours;

namespace Conlink.Kernel.Spans;

/// <summary>
/// The vxlan of a spanned bridge: made in the underlay namespace (its UDP socket stays there) and
/// placed in the bridge namespace, with learning on, no fixed remote, the cluster address as its
/// source, and one all-zeros FDB entry per peer, which floods broadcast and unknown frames to each
/// peer (head-end replication: no loops whatever the number of members). Operations run one after
/// another in the order they were asked for.
/// </summary>
internal sealed class KernelSpanBackend(KernelContext kernel, BridgeSpec bridge) : ISpanBackend
{
    private readonly Lock _gate = new();
    private readonly ClusterSpan _span = bridge.Span ?? throw new ArgumentException($"bridge {bridge.Name} does not span the cluster", nameof(bridge));
    private Task _last = Task.CompletedTask;

    private string Dev => _span.Dev;

    public Task<int?> EnsureAsync(CancellationToken ct) => Serially(() =>
    {
        var handle = kernel.BridgeHandle;
        var recorder = kernel.Recorder(null, bridge.SpanLinkId);
        var options = kernel.Options;
        var existing = recorder.Do(handle, "link-get " + Dev, () => handle.LinkFind(Dev));
        if (existing is not null && (existing.Kind != "vxlan" || existing.Tunnel is not { Remote: null } endpoint
                || endpoint.Vni != (uint)_span.Vni || endpoint.Port != options.VxlanPort))
        {
            recorder.Do(handle, "link-del " + Dev, () => handle.LinkDel(existing));
            existing = null;
        }
        var underlay = kernel.UnderlayHandle;
        var underlayIndex = options.TunnelDevice is { } dev ? recorder.Do(underlay, "link-get " + dev, () => underlay.LinkGet(dev)).Index : (int?)null;
        if (existing is null)
        {
            var definition = new LinkVxlan(Dev, (uint)_span.Vni)
            {
                Local = options.TunnelLocal ?? options.ClusterAddress,
                Port = options.VxlanPort,
                UnderlayIndex = underlayIndex,
                Learning = true,
                Namespace = kernel.UnderlayIsBridgeNamespace ? null : kernel.BridgeNamespace,
            };
            try
            {
                recorder.Do(underlay, $"link-add vxlan {Dev} id {_span.Vni} learning", () => underlay.LinkAdd(definition));
            }
            catch (NetlinkException e) when (e.MissingFeature is { } feature)
            {
                throw new MissingKernelFeatureException(feature, e.Message, e);
            }
        }
        recorder.Do(handle, "link-set-up " + Dev, () => handle.LinkSetUp(Dev));
        return UnderlayMtu(underlayIndex);
    }, ct);

    public Task<FloodChanges> ReconcileFloodAsync(IReadOnlySet<IPAddress> peers, CancellationToken ct) => Serially(() =>
    {
        var handle = kernel.BridgeHandle;
        var recorder = kernel.Recorder(null, bridge.SpanLinkId);
        var current = FloodEntries(handle.FdbList(Dev));
        var added = new List<IPAddress>();
        var removed = new List<IPAddress>();
        foreach (var stale in current.Where(e => !peers.Contains(e.Destination!)))
        {
            try
            {
                recorder.Do(handle, $"fdb-del {stale}", () => handle.FdbDel(stale));
            }
            catch (NetlinkException e) when (e.NotFound)
            {
            }
            removed.Add(stale.Destination!);
        }
        var present = current.Select(e => e.Destination!).ToHashSet();
        foreach (var peer in peers.Where(p => !present.Contains(p)).OrderBy(p => p.ToString(), StringComparer.Ordinal))
        {
            var entry = FdbEntry.Flood(Dev, peer);
            recorder.Do(handle, $"fdb-append {entry}", () => handle.FdbAppend(entry));
            added.Add(peer);
        }
        return new FloodChanges(added, removed);
    }, ct);

    public Task DeleteAsync(CancellationToken ct) => Serially(() =>
    {
        try
        {
            kernel.BridgeHandle.LinkDel(Dev);
        }
        catch (NetlinkException e) when (e.NotFound)
        {
        }
        return true;
    }, ct);

    /// <summary>The vxlan's own all-zeros entries that name a remote: the flood list.</summary>
    internal static IReadOnlyList<FdbEntry> FloodEntries(IEnumerable<FdbEntry> entries) =>
        entries.Where(e => e.IsSelf && e.Destination is not null && e.Mac.Equals(FdbEntry.FloodMac)).ToList();

    /// <summary>The MTU of the underlay interface: the pinned one, else the one holding the source address, else none.</summary>
    private int? UnderlayMtu(int? underlayIndex)
    {
        var underlay = kernel.UnderlayHandle;
        var local = kernel.Options.TunnelLocal ?? kernel.Options.ClusterAddress;
        var index = underlayIndex ?? (local is null ? null : underlay.AddrList().FirstOrDefault(a => a.Address.Address.Equals(local))?.LinkIndex);
        return index is { } i ? underlay.LinkGet(i).Mtu : null;
    }

    private Task<T> Serially<T>(Func<T> work, CancellationToken ct)
    {
        lock (_gate)
        {
            var next = _last.ContinueWith(_ => kernel.RunAsync(work, ct), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _last = next;
            return next;
        }
    }
}
