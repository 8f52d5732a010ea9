using Akka.Actor;
using Akka.Pattern;
using Conlink.Actors.Engine;
using Conlink.Actors.Ports;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;

namespace Conlink.Actors.Spans;

/// <summary>
/// Parent of one <see cref="SpanActor"/> per bridge with <c>span: cluster</c>, each restarted with
/// backoff when it fails. It keeps the latest <see cref="ClusterView"/> and hands it to every
/// span (also to one that just restarted). At shutdown it stops them, then deletes each vxlan.
/// </summary>
public sealed class SpanSupervisor : TracedActor
{
    /// <summary>A span (re)started and wants the current view, then every new one.</summary>
    public sealed record WantView(IActorRef Span);

    /// <summary>Delete every span's vxlan (shutdown); answered with <see cref="Deletions"/>, failures included.</summary>
    public sealed record DeleteAll;

    private sealed record Span(BridgeSpec Bridge, ISpanBackend Backend, IActorRef Actor);

    private readonly List<Span> _spans = new();
    private readonly HashSet<IActorRef> _subscribers = new();
    private readonly HashSet<IActorRef> _stopping = new();
    private ClusterView _view = ClusterView.NotJoined;
    private bool _viewSeen;
    private IActorRef? _deleteRequester;

    public SpanSupervisor(NetworkConfig config, INetworkDriver driver, IActorRef bridges, IActorRef status, EngineSettings settings)
    {
        foreach (var bridge in SpannedBridges(config))
        {
            var backend = driver.Span(bridge);
            var props = BackoffSupervisor.Props(Backoff.OnFailure(
                SpanActor.Props(bridge, backend, bridges, status, Self, config, settings.AttachTimeout, settings.SpanReconcileInterval), "span",
                settings.ReconnectMinBackoff, settings.ReconnectMaxBackoff, settings.ReconnectRandomFactor, -1));
            _spans.Add(new Span(bridge, backend, Context.ActorOf(props, Uri.EscapeDataString(bridge.Name))));
        }
        Receive<ClusterView>(v =>
        {
            _view = v;
            _viewSeen = true;
            foreach (var subscriber in _subscribers) subscriber.Tell(v);
        });
        Receive<WantView>(m =>
        {
            _subscribers.Add(m.Span);
            Context.Watch(m.Span);
            if (_viewSeen) m.Span.Tell(_view);
        });
        Receive<DeleteAll>(_ =>
        {
            _deleteRequester = Sender;
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
            if (_stopping.Remove(m.ActorRef)) DeleteWhenStopped();
        });
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
