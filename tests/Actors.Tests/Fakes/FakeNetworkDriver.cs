using System.Collections.Concurrent;
using System.Threading.Channels;
using Conlink.Actors.Ports;
using Conlink.Config.Model;
using Conlink.Config.Planning;

namespace Conlink.Actors.Tests.Fakes;

/// <summary>
/// Records every kernel operation the engine asks for, in order, and keeps a tiny model of the
/// kernel (which links exist in which container, which ports sit on which bridge) so tests can
/// assert outcomes as well as sequences. Links can be made to fail or to wait on a gate.
/// </summary>
public sealed class FakeNetworkDriver : INetworkDriver
{
    private readonly Lock _gate = new();
    private readonly List<string> _log = new();

    /// <summary>Links (by plan id) that exist in the model, with the pid of the namespace they were made in.</summary>
    public ConcurrentDictionary<string, int> Links { get; } = new();
    public ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> BridgePorts { get; } = new();
    public ConcurrentDictionary<string, string> FailingLinks { get; } = new();
    /// <summary>Links (by plan id) made without some optional setting, with what was not applied and why.</summary>
    public ConcurrentDictionary<string, string> DegradedLinks { get; } = new();
    public ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();
    public HashSet<string> StaleOuterDevs { get; } = new();
    public ConcurrentDictionary<string, bool> Tunnels { get; } = new();
    /// <summary>Tunnels whose creation fails for a passing reason (so their actor backs off and retries).</summary>
    public ConcurrentDictionary<string, string> FailingTunnels { get; } = new();
    /// <summary>Bridges whose deletion waits on a gate (a kernel that does not answer).</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> BridgeDeleteGates { get; } = new();
    /// <summary>Tunnel types this "kernel" lacks, answered as the real driver would.</summary>
    public HashSet<string> MissingTunnelTypes { get; } = new();
    public Channel<InterfaceEvent> InterfaceEvents { get; } = Channel.CreateUnbounded<InterfaceEvent>();
    /// <summary>The flood entries (peer underlay addresses) of each span's vxlan, by dev.</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<System.Net.IPAddress, bool>> Floods { get; } = new();
    /// <summary>The underlay MTU the fake kernel reports to spans.</summary>
    public int? UnderlayMtu { get; set; } = 1500;
    /// <summary>This "kernel" has no netem: setting one fails as the real driver would.</summary>
    public bool NoNetem { get; set; }

    /// <summary>Someone deletes an interface behind conlink's back.</summary>
    public void RemoveByHand(string name)
    {
        foreach (var bridge in BridgePorts.Keys.Where(b => b == name).ToList()) BridgePorts.TryRemove(bridge, out _);
        foreach (var link in Links.Keys.Where(l => l.Replace(':', '-') == name).ToList()) Links.TryRemove(link, out _);
        foreach (var ports in BridgePorts.Values) ports.TryRemove(name, out _);
        Tunnels.TryRemove(name, out _);
        InterfaceEvents.Writer.TryWrite(new InterfaceEvent(InterfaceEventKind.Removed, name));
    }

    public IReadOnlyList<string> Operations
    {
        get { lock (_gate) return _log.ToList(); }
    }

    public void Record(string operation)
    {
        lock (_gate) _log.Add(operation);
    }

    public Task<IContainerNetwork> OpenContainerAsync(ContainerIdentity container, CancellationToken ct) =>
        Task.FromResult<IContainerNetwork>(new Container(this, container));

    public IBridgeBackend Bridge(BridgeSpec bridge) => new BridgeBackend(this, bridge);

    public ITunnelBackend Tunnel(TunnelSpec tunnel) => new TunnelBackend(this, tunnel);

    public IAsyncEnumerable<InterfaceEvent> WatchBridgeNamespaceAsync(CancellationToken ct) => InterfaceEvents.Reader.ReadAllAsync(ct);

    public Task<IReadOnlyList<string>> SweepStaleAsync(IReadOnlySet<string> keepOuterDevs, CancellationToken ct)
    {
        var removed = StaleOuterDevs.Where(d => !keepOuterDevs.Contains(d)).ToList();
        foreach (var d in removed) StaleOuterDevs.Remove(d);
        Record("sweep " + string.Join(",", removed));
        return Task.FromResult<IReadOnlyList<string>>(removed);
    }

    private sealed class Container(FakeNetworkDriver driver, ContainerIdentity identity) : IContainerNetwork
    {
        public async Task<LinkApplied> ApplyAsync(LinkPlan link, CancellationToken ct)
        {
            driver.Record($"apply {link.Id} pid {identity.Pid}");
            if (driver.Gates.TryGetValue(link.Id, out var gate)) await gate.Task.WaitAsync(ct);
            if (driver.FailingLinks.TryGetValue(link.Id, out var reason)) throw new InvalidOperationException(reason);
            var adopted = driver.Links.TryGetValue(link.Id, out var pid) && pid == identity.Pid;
            driver.Links[link.Id] = identity.Pid;
            return new LinkApplied(adopted ? LinkOutcome.Adopted : LinkOutcome.Created,
                driver.DegradedLinks.TryGetValue(link.Id, out var notApplied) ? [notApplied] : []);
        }

        public Task ApplyForwardsAsync(LinkPlan link, CancellationToken ct)
        {
            driver.Record($"forwards {link.Id}");
            return Task.CompletedTask;
        }

        public Task RemoveAsync(LinkPlan link, CancellationToken ct)
        {
            driver.Record($"remove {link.Id}");
            driver.Links.TryRemove(link.Id, out _);
            return Task.CompletedTask;
        }

        public Task<LinkApplied> ReconfigureAsync(LinkPlan old, LinkPlan @new, CancellationToken ct)
        {
            driver.Record($"reconfigure {@new.Id}");
            return Task.FromResult(new LinkApplied(LinkOutcome.Adopted,
                driver.DegradedLinks.TryGetValue(@new.Id, out var notApplied) ? [notApplied] : []));
        }

        public Task WaitOperationalAsync(LinkPlan link, TimeSpan timeout, CancellationToken ct) => Task.CompletedTask;

        public Task SetDownAsync(LinkPlan link, CancellationToken ct)
        {
            driver.Record($"down {link.Id} pid {identity.Pid}");
            return Task.CompletedTask;
        }

        public Task<bool> SetUpAsync(LinkPlan link, CancellationToken ct)
        {
            var intact = driver.Links.TryGetValue(link.Id, out var pid) && pid == identity.Pid;
            driver.Record($"up {link.Id} pid {identity.Pid}{(intact ? "" : " (not intact)")}");
            return Task.FromResult(intact);
        }

        public Task SetNetemAsync(LinkPlan link, Conlink.Syntax.Netem.NetemSpec? netem, CancellationToken ct)
        {
            if (driver.NoNetem && netem is not null)
                throw new MissingKernelFeatureException("netem", "this kernel has no 'netem' qdisc (module sch_netem not loaded?)");
            driver.Record($"netem {link.Id} {netem?.ToString() ?? "none"}");
            return Task.CompletedTask;
        }

        public void Dispose() => driver.Record($"close {identity.Name}");
    }

    public ISpanBackend Span(BridgeSpec bridge) => new SpanBackend(this, bridge);

    private sealed class SpanBackend(FakeNetworkDriver driver, BridgeSpec bridge) : ISpanBackend
    {
        private string Dev => bridge.Span!.Dev;

        public Task<int?> EnsureAsync(CancellationToken ct)
        {
            driver.Record($"span {Dev} ensure");
            driver.Tunnels[Dev] = true;
            driver.Floods.GetOrAdd(Dev, _ => new());
            return Task.FromResult(driver.UnderlayMtu);
        }

        public Task<FloodChanges> ReconcileFloodAsync(IReadOnlySet<System.Net.IPAddress> peers, CancellationToken ct)
        {
            var flood = driver.Floods.GetOrAdd(Dev, _ => new());
            var added = peers.Where(p => flood.TryAdd(p, true)).ToList();
            var removed = flood.Keys.Where(p => !peers.Contains(p)).ToList();
            foreach (var peer in removed) flood.TryRemove(peer, out _);
            foreach (var peer in added) driver.Record($"span {Dev} flood add {peer}");
            foreach (var peer in removed) driver.Record($"span {Dev} flood del {peer}");
            return Task.FromResult(new FloodChanges(added, removed));
        }

        public Task DeleteAsync(CancellationToken ct)
        {
            driver.Record($"span {Dev} delete");
            driver.Tunnels.TryRemove(Dev, out _);
            driver.Floods.TryRemove(Dev, out _);
            return Task.CompletedTask;
        }
    }

    private sealed class TunnelBackend(FakeNetworkDriver driver, TunnelSpec tunnel) : ITunnelBackend
    {
        public Task EnsureAsync(CancellationToken ct)
        {
            driver.Record($"tunnel {tunnel.Dev} ensure");
            var kind = tunnel.Type.ToString().ToLowerInvariant();
            if (driver.MissingTunnelTypes.Contains(kind)) throw new MissingKernelFeatureException(kind, $"this kernel has no '{kind}' link type (module not loaded?)",
                new InvalidOperationException("Unknown device type"));
            if (driver.FailingTunnels.TryGetValue(tunnel.Dev, out var reason)) throw new InvalidOperationException(reason);
            driver.Tunnels[tunnel.Dev] = true;
            return Task.CompletedTask;
        }

        public Task DeleteAsync(CancellationToken ct)
        {
            driver.Record($"tunnel {tunnel.Dev} delete");
            driver.Tunnels.TryRemove(tunnel.Dev, out _);
            return Task.CompletedTask;
        }
    }

    private sealed class BridgeBackend(FakeNetworkDriver driver, BridgeSpec bridge) : IBridgeBackend
    {
        private ConcurrentDictionary<string, bool> Ports => driver.BridgePorts.GetOrAdd(bridge.Name, _ => new());

        public Task EnsureAsync(CancellationToken ct)
        {
            driver.Record($"bridge {bridge.Name} ensure");
            _ = Ports;
            return Task.CompletedTask;
        }

        public Task<bool> ExistsAsync(CancellationToken ct) => Task.FromResult(driver.BridgePorts.ContainsKey(bridge.Name));

        public Task AttachAsync(string port, IReadOnlyList<string> ports, CancellationToken ct)
        {
            driver.Record($"attach {bridge.Name} {port}");
            Ports[port] = true;
            return Task.CompletedTask;
        }

        public Task DetachAsync(string port, IReadOnlyList<string> remaining, CancellationToken ct)
        {
            driver.Record($"detach {bridge.Name} {port}");
            Ports.TryRemove(port, out _);
            return Task.CompletedTask;
        }

        public async Task DeleteAsync(CancellationToken ct)
        {
            driver.Record($"bridge {bridge.Name} delete");
            if (driver.BridgeDeleteGates.TryGetValue(bridge.Name, out var gate)) await gate.Task.WaitAsync(ct);
            driver.BridgePorts.TryRemove(bridge.Name, out _);
        }
    }
}
