using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Conlink.Actors.Ports;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Kernel.Bridges;
using Conlink.Kernel.Forwards;
using Conlink.Kernel.Links;
using Conlink.Kernel.Tools;
using Conlink.Kernel.Spans;
using Conlink.Kernel.Traffic;
using Conlink.Kernel.Tunnels;
using Conlink.Netlink;
using Conlink.Netlink.Monitor;
using Conlink.Netlink.Namespaces;

namespace Conlink.Kernel;

/// <summary>
/// The engine's kernel driver over rtnetlink. Bridges, veth outer ends, tunnels and forwards live
/// in the bridge namespace (conlink's own as a sidecar, a named one on a host); container ends
/// live in each container's namespace; host-parent links hang off interfaces of the host's
/// namespace (see <see cref="HostNamespace"/>). All work runs on the engine's dedicated netlink threads.
/// </summary>
public sealed class KernelNetworkDriver : INetworkDriver, IAsyncDisposable, IDisposable
{
    private readonly KernelContext _kernel;
    private readonly PortForwards _forwards;

    /// <param name="bridgeNamespace">Where bridges live; the driver takes ownership of it.</param>
    public KernelNetworkDriver(NetNs bridgeNamespace, NetworkContext context, KernelDriverOptions? options = null)
    {
        _kernel = new KernelContext(bridgeNamespace, context, options ?? new KernelDriverOptions());
        _forwards = new PortForwards(_kernel);
        Traffic = new LinkTraffic(_kernel);
    }

    /// <param name="bridges">Where bridges live; the driver opens its own handle on it.</param>
    public KernelNetworkDriver(BridgeNamespace bridges, NetworkContext context, KernelDriverOptions? options = null)
        : this(bridges.Open(), context, options)
    {
    }

    public NetNs BridgeNamespace => _kernel.BridgeNamespace;

    /// <summary>Counters and captures of the links this driver made (read when asked, never polled).</summary>
    public LinkTraffic Traffic { get; }

    public Task<IContainerNetwork> OpenContainerAsync(ContainerIdentity container, CancellationToken ct) =>
        _kernel.RunAsync<IContainerNetwork>(() =>
        {
            var ns = NetNs.OfProcess(container.Pid);
            try
            {
                var network = new KernelContainerNetwork(_kernel, _forwards, container, ns, NetlinkHandle.Open(ns));
                network.RemoveHalfMadeLinks();
                _kernel.Containers.Opened(container.Name, network);
                return network;
            }
            catch
            {
                ns.Dispose();
                throw;
            }
        }, ct);

    public IBridgeBackend Bridge(BridgeSpec bridge) => bridge.Mode switch
    {
        BridgeMode.Linux => new LinuxBridgeBackend(_kernel, bridge.Name),
        BridgeMode.Patch => new PatchBridgeBackend(_kernel, bridge.Name),
        BridgeMode.Ovs => new OvsBridgeBackend(bridge.Name),
        _ => throw new ArgumentException($"bridge {bridge.Name}: mode {bridge.Mode} must be resolved before the engine starts"),
    };

    public ITunnelBackend Tunnel(TunnelSpec tunnel) => new KernelTunnelBackend(_kernel, tunnel);

    public ISpanBackend Span(BridgeSpec bridge) => new KernelSpanBackend(_kernel, bridge);

    public async IAsyncEnumerable<InterfaceEvent> WatchBridgeNamespaceAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var monitor = LinkMonitor.Open(_kernel.BridgeNamespace);
        await foreach (var e in monitor.Events.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (e.Kind == LinkEventKind.Disappeared && e.Link is { } link) yield return new InterfaceEvent(InterfaceEventKind.Removed, link.Name);
            else if (e.Kind == LinkEventKind.EventsLost) yield return new InterfaceEvent(InterfaceEventKind.Resync, null);
        }
    }

    public Task<IReadOnlyList<string>> SweepStaleAsync(IReadOnlySet<string> keepOuterDevs, CancellationToken ct) =>
        _kernel.RunAsync<IReadOnlyList<string>>(() =>
        {
            var bridge = _kernel.BridgeHandle;
            var recorder = _kernel.Recorder(null, null);
            var stale = recorder.Do(bridge, "link-list", bridge.LinkList)
                .Where(l => l.Kind == "veth" && OwnedInterface.IsOwned(l) && !keepOuterDevs.Contains(l.Name))
                .ToList();
            foreach (var link in stale) recorder.Do(bridge, "link-del " + link.Name, () => bridge.LinkDel(link));
            var removed = stale.Select(l => l.Name).ToList();
            // Forward rules outlive their veths (say, the container died while conlink was down).
            if (_kernel.Options.DockerInterface is not null)
            {
                // IPv6 forwards need ip6tables: without it (or an IPv6 address) there can be no rule of theirs to sweep.
                AddressFamily[] families = _kernel.Options.DockerIpv6Address is null || !ExternalCommand.IsInstalled(Iptables.Program(AddressFamily.InterNetworkV6))
                    ? [AddressFamily.InterNetwork]
                    : [AddressFamily.InterNetwork, AddressFamily.InterNetworkV6];
                var staleRules = families.SelectMany(family => Iptables.OwnedForwardRules(_kernel.BridgeNamespace, family)
                    .Where(r => !keepOuterDevs.Contains(r.Owner)).Select(r => (Family: family, r.Owner, r.Rule))).ToList();
                foreach (var (family, owner, rule) in staleRules)
                {
                    recorder.Do(bridge.Namespace, $"{Iptables.Program(family)} forward-del {owner}", () =>
                    {
                        Iptables.Remove(_kernel.BridgeNamespace, [rule], family);
                        return true;
                    });
                    removed.Add($"{(family == AddressFamily.InterNetworkV6 ? "IPv6 " : "")}forward rule of {owner}");
                }
            }
            return removed;
        }, ct);

    /// <summary>Refuses new kernel work, waits for the work still running, then closes the driver's handles.</summary>
    public ValueTask DisposeAsync() => _kernel.DisposeAsync();

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
