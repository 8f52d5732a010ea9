using Conlink.Actors.Network.Tools;
using Conlink.Actors.Engine;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Netlink;
using Conlink.Netlink.Links;
using Conlink.Netlink.Monitor;
using Conlink.Netlink.Namespaces;
using System.Runtime.CompilerServices;

namespace Conlink.Actors.Network.Kernel;

/// <summary>
/// The engine's kernel driver over rtnetlink. Bridges, veth outer ends, tunnels and forwards live
/// in the bridge namespace (conlink's own as a sidecar, a named one on a host); container ends
/// live in each container's namespace; host-parent links hang off interfaces of pid 1's namespace.
/// All work runs on the engine's dedicated netlink threads.
/// </summary>
public sealed class KernelNetworkDriver : INetworkDriver, IDisposable
{
    private readonly TaskScheduler _scheduler;
    private readonly Lazy<(NetNs Ns, NetlinkHandle Handle)> _host;
    private readonly Lazy<(NetNs Ns, NetlinkHandle Handle)> _underlay;

    /// <param name="bridgeNamespace">Where bridges live; the driver takes ownership of it.</param>
    public KernelNetworkDriver(NetNs bridgeNamespace, NetworkContext context, KernelDriverOptions? options = null)
    {
        BridgeNamespace = bridgeNamespace;
        BridgeHandle = NetlinkHandle.Open(bridgeNamespace);
        Context = context;
        Options = options ?? new KernelDriverOptions();
        _scheduler = context.Scheduler;
        Forwards = new PortForwards(this);
        _host = new Lazy<(NetNs, NetlinkHandle)>(() => Open(Options.HostNamespace ?? NetNs.OfProcess(1)));
        _underlay = new Lazy<(NetNs, NetlinkHandle)>(() => Open(Options.UnderlayNamespace is { } ns
            ? ns
            : NetNs.Current()));
    }

    public NetNs BridgeNamespace { get; }
    internal NetlinkHandle BridgeHandle { get; }
    internal NetworkContext Context { get; }
    internal KernelDriverOptions Options { get; }
    internal string? DockerInterface => Options.DockerInterface;
    internal PortForwards Forwards { get; }

    /// <summary>The host's namespace (see <see cref="KernelDriverOptions.HostNamespace"/>), where host-parent links find their parent.</summary>
    internal NetlinkHandle HostHandle => _host.Value.Handle;

    /// <summary>The namespace tunnels send from (see <see cref="KernelDriverOptions.UnderlayNamespace"/>).</summary>
    internal NetlinkHandle UnderlayHandle => _underlay.Value.Handle;

    internal bool UnderlayIsBridgeNamespace => _underlay.Value.Ns.IsSameAs(BridgeNamespace);

    private static (NetNs, NetlinkHandle) Open(NetNs ns) => (ns, NetlinkHandle.Open(ns));

    public Task<IContainerNetwork> OpenContainerAsync(ContainerIdentity container, CancellationToken ct) =>
        RunAsync<IContainerNetwork>(() =>
        {
            var ns = NetNs.OfProcess(container.Pid);
            try
            {
                var network = new KernelContainerNetwork(this, container, ns, NetlinkHandle.Open(ns));
                network.RemoveHalfMadeLinks();
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
        BridgeMode.Linux => new LinuxBridgeBackend(this, bridge.Name),
        BridgeMode.Patch => new PatchBridgeBackend(this, bridge.Name),
        BridgeMode.Ovs => new OvsBridgeBackend(bridge.Name),
        _ => throw new ArgumentException($"bridge {bridge.Name}: mode {bridge.Mode} must be resolved before the engine starts"),
    };

    public ITunnelBackend Tunnel(TunnelSpec tunnel) => new KernelTunnelBackend(this, tunnel);

    public async IAsyncEnumerable<InterfaceEvent> WatchBridgeNamespaceAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var monitor = LinkMonitor.Open(BridgeNamespace);
        await foreach (var e in monitor.Events.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (e.Kind == LinkEventKind.Disappeared && e.Link is { } link) yield return new InterfaceEvent(InterfaceEventKind.Removed, link.Name);
            else if (e.Kind == LinkEventKind.EventsLost) yield return new InterfaceEvent(InterfaceEventKind.Resync, null);
        }
    }

    public Task<IReadOnlyList<string>> SweepStaleAsync(IReadOnlySet<string> keepOuterDevs, CancellationToken ct) =>
        RunAsync<IReadOnlyList<string>>(() =>
        {
            var recorder = new NetlinkRecorder(Context.Trace, null, null);
            var stale = recorder.Do(BridgeHandle, "link-list", BridgeHandle.LinkList)
                .Where(l => l.Kind == "veth" && OwnedInterface.IsOwned(l) && !keepOuterDevs.Contains(l.Name))
                .ToList();
            foreach (var link in stale) recorder.Do(BridgeHandle, "link-del " + link.Name, () => BridgeHandle.LinkDel(link));
            var removed = stale.Select(l => l.Name).ToList();
            // Forward rules outlive their veths (say, the container died while conlink was down).
            if (Options.DockerInterface is not null)
            {
                foreach (var (owner, rule) in Iptables.OwnedForwardRules(BridgeNamespace).Where(r => !keepOuterDevs.Contains(r.Owner)))
                {
                    recorder.Do(BridgeHandle.Namespace, $"iptables forward-del {owner}", () =>
                    {
                        Iptables.Remove(BridgeNamespace, [rule]);
                        return true;
                    });
                    removed.Add($"forward rule of {owner}");
                }
            }
            return removed;
        }, ct);

    /// <summary>Runs kernel work on the netlink threads.</summary>
    internal Task<T> RunAsync<T>(Func<T> work, CancellationToken ct) =>
        Task.Factory.StartNew(work, ct, TaskCreationOptions.DenyChildAttach, _scheduler);

    internal Task RunAsync(Action work, CancellationToken ct) =>
        Task.Factory.StartNew(work, ct, TaskCreationOptions.DenyChildAttach, _scheduler);

    public void Dispose()
    {
        BridgeHandle.Dispose();
        BridgeNamespace.Dispose();
        foreach (var (opened, given) in new[] { (_host, Options.HostNamespace), (_underlay, Options.UnderlayNamespace) })
        {
            if (!opened.IsValueCreated)
            {
                given?.Dispose();
                continue;
            }
            opened.Value.Handle.Dispose();
            opened.Value.Ns.Dispose();
        }
    }
}
