using Conlink.Actors.Metrics;
using Conlink.Actors.Ports;
using Conlink.Actors.Tracing;
using Conlink.Kernel.Traffic;
using Conlink.Netlink;
using Conlink.Netlink.Namespaces;

namespace Conlink.Kernel;

/// <summary>
/// What the kernel driver's parts share: the bridge namespace and its handle, the host and underlay
/// namespaces (opened when first needed), the options, the trace, and the netlink threads all
/// kernel work runs on. The driver owns it; the backends and container networks only use it.
/// </summary>
internal sealed class KernelContext : IAsyncDisposable
{
    /// <summary>How long closing waits for kernel work still running (a netlink request gives up after 30 s).</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(60);

    private readonly TaskScheduler _scheduler;
    private readonly WorkInFlight _work = new("the kernel driver");
    private readonly Lazy<(NetNs Ns, NetlinkHandle Handle)> _host;
    private readonly Lazy<(NetNs Ns, NetlinkHandle Handle)> _underlay;

    public KernelContext(NetNs bridgeNamespace, NetworkContext engine, KernelDriverOptions options)
    {
        BridgeNamespace = bridgeNamespace;
        BridgeHandle = NetlinkHandle.Open(bridgeNamespace);
        Options = options;
        Trace = engine.Trace;
        Metrics = engine.Metrics;
        _scheduler = engine.Scheduler;
        BridgeLinks = new BridgeLinkView(this);
        _host = new Lazy<(NetNs, NetlinkHandle)>(() => Open(options.HostNamespace.Open()));
        _underlay = new Lazy<(NetNs, NetlinkHandle)>(() => Open(options.UnderlayNamespace is { } name ? NetNs.OpenNamed(name) : NetNs.Current()));
    }

    /// <summary>Where bridges, veth outer ends and tunnels live.</summary>
    public NetNs BridgeNamespace { get; }

    public NetlinkHandle BridgeHandle { get; }

    /// <summary>The bridge namespace's interfaces as of the last event (for counter reads).</summary>
    public BridgeLinkView BridgeLinks { get; }

    public KernelDriverOptions Options { get; }

    public ITraceSink Trace { get; }

    public IEngineMetrics Metrics { get; }

    /// <summary>The container networks open right now (for counters and captures of container ends).</summary>
    public ContainerNetworks Containers { get; } = new();

    /// <summary>The host's namespace, where host-parent links (macvlan, ipvlan, vlan) find their parent.</summary>
    public NetlinkHandle HostHandle => _host.Value.Handle;

    /// <summary>The namespace tunnels send from (see <see cref="KernelDriverOptions.UnderlayNamespace"/>).</summary>
    public NetlinkHandle UnderlayHandle => _underlay.Value.Handle;

    public bool UnderlayIsBridgeNamespace => _underlay.Value.Ns.IsSameAs(BridgeNamespace);

    /// <summary>Records the kernel operations of one link (or of the bridge namespace when both are null) in the trace.</summary>
    public NetlinkRecorder Recorder(string? container, string? link) => new(Trace, Metrics, container, link);

    /// <summary>Runs kernel work on the netlink threads; refused once the driver is closing.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken ct) =>
        _work.Run(() => Task.Factory.StartNew(work, ct, TaskCreationOptions.DenyChildAttach, _scheduler));

    public Task RunAsync(Action work, CancellationToken ct) => RunAsync(() =>
    {
        work();
        return true;
    }, ct);

    /// <summary>Refuses new work, waits for what is running, then closes every handle and namespace.</summary>
    public async ValueTask DisposeAsync()
    {
        _work.Close(() => { });
        await _work.Idle.WaitAsync(CloseTimeout).ConfigureAwait(false);
        BridgeLinks.Dispose();
        BridgeHandle.Dispose();
        BridgeNamespace.Dispose();
        foreach (var opened in new[] { _host, _underlay }.Where(o => o.IsValueCreated))
        {
            opened.Value.Handle.Dispose();
            opened.Value.Ns.Dispose();
        }
    }

    private static (NetNs, NetlinkHandle) Open(NetNs ns)
    {
        try
        {
            return (ns, NetlinkHandle.Open(ns));
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }
}
