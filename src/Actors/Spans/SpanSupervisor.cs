using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Conlink.Actors.Bridges;
using Conlink.Actors.Engine;
using Conlink.Actors.Ports;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;

namespace Conlink.Actors.Spans;

/// <summary>
/// Parent of one <see cref="SpanActor"/> per bridge with <c>span: cluster</c>, each restarted with
/// backoff when it fails. It keeps the latest <see cref="ClusterView"/> and hands it to every
/// span (also to one that just restarted). An apply (<see cref="Reconfigure"/>) starts a span for
/// each bridge that now spans the cluster and removes each one that no longer does (or whose VNI
/// changed): its actor stops, its vxlan leaves the bridge and is deleted, and then a span with the
/// new VNI, if any, starts. At shutdown it stops them all, then deletes each vxlan. Restarted after
/// a fault, it does not start the spans it was started with, which an apply may have changed since:
/// it asks its parent for the configuration and cluster view of now, holding every other request until they come.
/// </summary>
public sealed class SpanSupervisor : TracedActor, IWithStash
{
    /// <summary>Sent to the parent by a supervisor restarted after a fault; answered with <see cref="Adopt"/>.</summary>
    public sealed record Restarted;

    /// <summary>The configuration and the cluster view of now (if one was seen), for a restarted supervisor.</summary>
    public sealed record Adopt(NetworkConfig Config, ClusterView? View);

    /// <summary>A span (re)started and wants the current view, then every new one.</summary>
    public sealed record WantView(IActorRef Span);

    /// <summary>Delete every span's vxlan (shutdown); answered with <see cref="Deletions"/>, failures included.</summary>
    public sealed record DeleteAll;

    /// <summary>An apply: the spans become those of <paramref name="Config"/>.</summary>
    public sealed record Reconfigure(NetworkConfig Config);

    private sealed record Span(BridgeSpec Bridge, ISpanBackend Backend, IActorRef Actor);
    private sealed record Removed(Span Span, Exception? Error);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly INetworkDriver _driver;
    private readonly IActorRef _bridges;
    private readonly IActorRef _status;
    private readonly EngineSettings _settings;
    private readonly List<Span> _spans = new();
    /// <summary>Spans being removed by an apply: their actor is stopping, or their vxlan being deleted.</summary>
    private readonly Dictionary<IActorRef, Span> _removing = new();
    /// <summary>Spans an apply added whose bridge's old span is still being removed (same vxlan name): started after it.</summary>
    private readonly Dictionary<string, BridgeSpec> _waiting = new(StringComparer.Ordinal);
    private NetworkConfig _config;
    private readonly HashSet<IActorRef> _subscribers = new();
    private readonly HashSet<IActorRef> _stopping = new();
    private ClusterView _view = ClusterView.NotJoined;
    private bool _viewSeen;
    private IActorRef? _deleteRequester;

    public SpanSupervisor(NetworkConfig config, INetworkDriver driver, IActorRef bridges, IActorRef status, EngineSettings settings)
    {
        _driver = driver;
        _bridges = bridges;
        _status = status;
        _settings = settings;
        _config = config;
        Running();
    }

    public IStash Stash { get; set; } = null!;

    protected override void PreStart()
    {
        foreach (var bridge in SpannedBridges(_config)) StartSpan(bridge);
    }

    protected override void PostRestart(Exception reason)
    {
        Context.Parent.Tell(new Restarted());
        Become(AwaitingAdopt);
    }

    private void AwaitingAdopt()
    {
        Receive<Adopt>(m =>
        {
            _config = m.Config;
            if (m.View is { } view) OnView(view);
            foreach (var bridge in SpannedBridges(_config)) StartSpan(bridge);
            Stash.UnstashAll();
            Become(Running);
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void OnView(ClusterView view)
    {
        _view = view;
        _viewSeen = true;
        foreach (var subscriber in _subscribers) subscriber.Tell(view);
    }

    private void Running()
    {
        Receive<ClusterView>(OnView);
        Receive<WantView>(m =>
        {
            _subscribers.Add(m.Span);
            Context.Watch(m.Span);
            if (_viewSeen) m.Span.Tell(_view);
        });
        Receive<Reconfigure>(m => OnReconfigure(m.Config));
        Receive<Removed>(m =>
        {
            var (bridge, dev) = (m.Span.Bridge.Name, m.Span.Bridge.Span!.Dev);
            if (m.Error is { } error) _log.Error("spanned bridge {0}: could not delete vxlan {1}: {2}", bridge, dev, error.GetBaseException().Message);
            else _log.Info("spanned bridge {0}: no longer spans the cluster; vxlan {1} deleted", bridge, dev);
            _status.Tell(new StatusTracker.Forget(dev));
            if (_waiting.Remove(bridge, out var next) && _deleteRequester is null) StartSpan(next);
        });
        Receive<DeleteAll>(_ =>
        {
            _deleteRequester = Sender;
            _waiting.Clear();
            foreach (var span in _spans)
            {
                Context.Watch(span.Actor);
                _stopping.Add(span.Actor);
                Context.Stop(span.Actor);
            }
            DeleteWhenStopped();
        });
        Receive<Terminated>(m =>
        {
            _subscribers.Remove(m.ActorRef);
            if (_removing.Remove(m.ActorRef, out var removed)) RemoveAsync(removed).PipeTo(Self, success: () => new Removed(removed, null), failure: e => new Removed(removed, e));
            if (_stopping.Remove(m.ActorRef)) DeleteWhenStopped();
        });
    }

    private void StartSpan(BridgeSpec bridge)
    {
        var backend = _driver.Span(bridge);
        var props = BackoffSupervisor.Props(Backoff.OnFailure(
            SpanActor.Props(bridge, backend, _bridges, _status, Self, _config, _settings.AttachTimeout, _settings.SpanReconcileInterval), "span",
            _settings.ReconnectMinBackoff, _settings.ReconnectMaxBackoff, _settings.ReconnectRandomFactor, -1));
        _spans.Add(new Span(bridge, backend, Context.ActorOf(props, Uri.EscapeDataString(bridge.Name))));
    }

    private void OnReconfigure(NetworkConfig config)
    {
        if (_deleteRequester is not null || _stopping.Count > 0) return;
        _config = config;
        var wanted = SpannedBridges(config).ToDictionary(b => b.Name, StringComparer.Ordinal);
        foreach (var span in _spans.Where(s => !wanted.TryGetValue(s.Bridge.Name, out var now) || now.Span!.Vni != s.Bridge.Span!.Vni).ToList())
        {
            _spans.Remove(span);
            _removing[span.Actor] = span;
            Context.Watch(span.Actor);
            Context.Stop(span.Actor);
        }
        var removing = _removing.Values.Select(s => s.Bridge.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var bridge in wanted.Values.Where(b => _spans.All(s => s.Bridge.Name != b.Name)))
        {
            if (removing.Contains(bridge.Name)) _waiting[bridge.Name] = bridge;
            else StartSpan(bridge);
        }
    }

    /// <summary>The span's vxlan leaves its bridge (the bridge manager forgets the port), then is deleted.</summary>
    private async Task RemoveAsync(Span span)
    {
        var dev = span.Bridge.Span!.Dev;
        await _bridges.Ask(new BridgeManager.Detach(span.Bridge, dev, span.Bridge.SpanLinkId), _settings.AttachTimeout).ConfigureAwait(false);
        await span.Backend.DeleteAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public static Props Props(NetworkConfig config, INetworkDriver driver, IActorRef bridges, IActorRef status, EngineSettings settings) =>
        Akka.Actor.Props.Create(() => new SpanSupervisor(config, driver, bridges, status, settings));

    public static IEnumerable<BridgeSpec> SpannedBridges(NetworkConfig config) => config.Bridges.Values.Where(b => b.Span is not null);

    private void DeleteWhenStopped()
    {
        if (_stopping.Count > 0 || _deleteRequester is not { } requester) return;
        _deleteRequester = null;
        Deletions.RunAsync(_spans.ToList(), async s =>
        {
            await s.Backend.DeleteAsync(CancellationToken.None).ConfigureAwait(false);
            return s.Bridge.Span!.Dev;
        }, s => $"vxlan {s.Bridge.Span!.Dev} of spanned bridge {s.Bridge.Name}").PipeTo(requester);
    }
}
