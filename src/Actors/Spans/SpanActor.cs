using System.Net;
using Akka.Actor;
using Akka.Event;
using Conlink.Actors.Bridges;
using Conlink.Actors.Ports;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;

namespace Conlink.Actors.Spans;

/// <summary>
/// Keeps one spanned bridge's vxlan up and its flood entries equal to the cluster's members that
/// hold the bridge: on every cluster change, and every reconcile interval (so an entry deleted by
/// hand comes back, and one left by a member that is gone, or by an earlier conlink, is removed).
/// Until this member has joined the cluster once, entries already in the kernel are left alone
/// (a restarted conlink does not cut traffic while it rejoins). A vxlan deleted behind its back
/// is made again. Failures fail the actor, and its backoff supervisor starts it again.
/// </summary>
public sealed class SpanActor : TracedActor, IWithTimers
{
    public sealed class SpanFailedException(string message) : Exception(message);

    private sealed record Built(int? UnderlayMtu);
    private sealed record Reconciled(FloodChanges Changes, IReadOnlySet<IPAddress> Peers);
    private sealed record Tick;
    private sealed record Failed(Exception Cause);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly BridgeSpec _bridge;
    private readonly ClusterSpan _span;
    private readonly ISpanBackend _backend;
    private readonly IActorRef _bridges;
    private readonly IActorRef _status;
    private readonly IActorRef _views;
    private readonly NetworkConfig _config;
    private readonly TimeSpan _attachTimeout;
    private readonly TimeSpan _reconcileInterval;
    private ClusterView? _view;
    private bool _reconciling;
    private bool _again;
    private bool _mtuChecked;
    private bool _everJoined;

    public SpanActor(BridgeSpec bridge, ISpanBackend backend, IActorRef bridges, IActorRef status, IActorRef views, NetworkConfig config,
        TimeSpan attachTimeout, TimeSpan reconcileInterval)
    {
        _bridge = bridge;
        _span = bridge.Span ?? throw new ArgumentException($"bridge {bridge.Name} does not span the cluster", nameof(bridge));
        _backend = backend;
        _bridges = bridges;
        _status = status;
        _views = views;
        _config = config;
        _attachTimeout = attachTimeout;
        _reconcileInterval = reconcileInterval;
    }

    /// <summary>How a span's vxlan is expected before it is built: the status tracker counts it from the start.</summary>
    public static LinkStatus PlannedStatus(BridgeSpec bridge) =>
        new(bridge.SpanLinkId, bridge.Span!.Dev, bridge.Span.Dev, LinkState.Planned, null, null, null, $"{bridge.Name} (spans the cluster)", DateTimeOffset.UtcNow);

    /// <param name="views">Answers <see cref="SpanSupervisor.WantView"/> with the latest <see cref="ClusterView"/>, and sends every new one.</param>
    public static Props Props(BridgeSpec bridge, ISpanBackend backend, IActorRef bridges, IActorRef status, IActorRef views, NetworkConfig config,
        TimeSpan attachTimeout, TimeSpan reconcileInterval) =>
        Akka.Actor.Props.Create(() => new SpanActor(bridge, backend, bridges, status, views, config, attachTimeout, reconcileInterval));

    public ITimerScheduler Timers { get; set; } = null!;

    private string Dev => _span.Dev;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(InterfaceEvent));
        _status.Tell(new StatusTracker.Expect(Dev, [PlannedStatus(_bridge)]));
        _views.Tell(new SpanSupervisor.WantView(Self));
        BeginBuild();
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void BeginBuild()
    {
        _status.Tell(new StatusTracker.Update(Dev, _bridge.SpanLinkId, LinkState.Creating));
        BuildAsync().PipeTo(Self, success: mtu => new Built(mtu), failure: e => new Failed(e));
        Become(Building);
    }

    private async Task<int?> BuildAsync()
    {
        var mtu = await _backend.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        var reply = await _bridges.Ask(new BridgeManager.Attach(_bridge, Dev, _bridge.SpanLinkId), _attachTimeout).ConfigureAwait(false);
        if (reply is BridgeActor.AttachFailed failed) throw new SpanFailedException(failed.Reason);
        return mtu;
    }

    private void Building()
    {
        Receive<Built>(m =>
        {
            _status.Tell(new StatusTracker.Update(Dev, _bridge.SpanLinkId, LinkState.Ready));
            _log.Info("spanned bridge {0}: vxlan {1} (vni {2}) ready", _bridge.Name, Dev, _span.Vni);
            if (!_mtuChecked && m.UnderlayMtu is { } mtu)
            {
                _mtuChecked = true;
                foreach (var warning in SpanMtu.Warnings(_config, _bridge.Name, mtu)) _log.Warning(warning);
            }
            Become(Up);
            Timers.StartPeriodicTimer("reconcile", new Tick(), _reconcileInterval);
            Reconcile();
        });
        Receive<Failed>(f => Fail(f.Cause));
        Receive<ClusterView>(v => _view = v);
        Receive<InterfaceEvent>(_ => { });
    }

    private void Up()
    {
        Receive<ClusterView>(v =>
        {
            _view = v;
            Reconcile();
        });
        Receive<Tick>(_ => Reconcile());
        Receive<Reconciled>(m =>
        {
            _reconciling = false;
            foreach (var peer in m.Changes.Added) _log.Info("spanned bridge {0}: flood entry to {1} added ({2})", _bridge.Name, peer, MemberName(peer));
            foreach (var peer in m.Changes.Removed) _log.Info("spanned bridge {0}: flood entry to {1} removed ({2})", _bridge.Name, peer, MemberName(peer));
            if (_again) Reconcile();
        });
        Receive<Failed>(f => Fail(f.Cause));
        Receive<InterfaceEvent>(e => e.Kind == InterfaceEventKind.Resync || e.Name == Dev, _ =>
        {
            _log.Warning("spanned bridge {0}: vxlan {1} disappeared; re-creating it", _bridge.Name, Dev);
            Timers.Cancel("reconcile");
            _reconciling = false;
            BeginBuild();
        });
        Receive<InterfaceEvent>(_ => { });
    }

    private void Reconcile()
    {
        // Not joined yet (a conlink that just started): what the kernel holds stays until the cluster says otherwise.
        if (_view is not { } view || (!view.Joined && !_everJoined)) return;
        _everJoined |= view.Joined;
        if (_reconciling)
        {
            _again = true;
            return;
        }
        _reconciling = true;
        _again = false;
        var peers = view.FloodPeers(_bridge.Name, _span.Vni);
        _backend.ReconcileFloodAsync(peers, CancellationToken.None).PipeTo(Self, success: c => new Reconciled(c, peers), failure: e => new Failed(e));
    }

    private string MemberName(IPAddress peer) =>
        _view?.Members.FirstOrDefault(m => m.Host.Equals(peer)) is { } member ? $"member {member.Address} {member.State}" : "no longer a member";

    private void Fail(Exception e)
    {
        var cause = e;
        while (cause is AggregateException { InnerException: { } inner }) cause = inner;
        _status.Tell(new StatusTracker.Update(Dev, _bridge.SpanLinkId, LinkState.Failed, cause.Message));
        _log.Error("spanned bridge {0}: {1}", _bridge.Name, cause.Message);
        throw new SpanFailedException(cause.Message);
    }
}
