using Akka.Actor;
using Akka.Pattern;
using Conlink.Actors.Engine;
using Conlink.Actors.Ports;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;

namespace Conlink.Actors.Tunnels;

/// <summary>
/// Parent of one <see cref="TunnelActor"/> per configured tunnel, each restarted with backoff when
/// it fails. At shutdown it stops them first, wherever they are (up, building, or waiting out a
/// backoff), and only then deletes each tunnel through its backend, so nothing re-creates a
/// tunnel after it was deleted and no request is lost on an actor that is not there.
/// </summary>
public sealed class TunnelSupervisor : TracedActor
{
    /// <summary>Delete every tunnel (shutdown); always answered with <see cref="Deletions"/>, failures included.</summary>
    public sealed record DeleteAll;

    private sealed record Tunnel(TunnelSpec Spec, ITunnelBackend Backend, IActorRef Actor);

    private readonly List<Tunnel> _tunnels = new();
    private readonly HashSet<IActorRef> _stopping = new();
    private IActorRef? _deleteRequester;

    public TunnelSupervisor(IReadOnlyList<TunnelSpec> tunnels, INetworkDriver driver, IActorRef bridges, IActorRef status, EngineSettings settings)
    {
        foreach (var spec in tunnels)
        {
            var backend = driver.Tunnel(spec);
            var props = BackoffSupervisor.Props(Backoff.OnFailure(
                TunnelActor.Props(spec, backend, bridges, status, settings.AttachTimeout), "tunnel",
                settings.ReconnectMinBackoff, settings.ReconnectMaxBackoff, settings.ReconnectRandomFactor, -1));
            _tunnels.Add(new Tunnel(spec, backend, Context.ActorOf(props, Uri.EscapeDataString(spec.Dev))));
        }
        Receive<DeleteAll>(_ =>
        {
            _deleteRequester = Sender;
            foreach (var tunnel in _tunnels)
            {
                Context.Watch(tunnel.Actor);
                _stopping.Add(tunnel.Actor);
                Context.Stop(tunnel.Actor);
            }
            DeleteWhenStopped();
        });
        Receive<Terminated>(m =>
        {
            _stopping.Remove(m.ActorRef);
            DeleteWhenStopped();
        });
    }

    public static Props Props(IReadOnlyList<TunnelSpec> tunnels, INetworkDriver driver, IActorRef bridges, IActorRef status, EngineSettings settings) =>
        Akka.Actor.Props.Create(() => new TunnelSupervisor(tunnels, driver, bridges, status, settings));

    private void DeleteWhenStopped()
    {
        if (_stopping.Count > 0 || _deleteRequester is not { } requester) return;
        _deleteRequester = null;
        Deletions.RunAsync(_tunnels.ToList(), async t =>
        {
            await t.Backend.DeleteAsync(CancellationToken.None).ConfigureAwait(false);
            return t.Spec.Dev;
        }, t => $"tunnel {t.Spec.Dev}").PipeTo(requester);
    }
}
