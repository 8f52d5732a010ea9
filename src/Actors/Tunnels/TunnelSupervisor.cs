using Akka.Actor;
using Akka.Pattern;
using Conlink.Actors.Engine;
using Conlink.Actors.Ports;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;

namespace Conlink.Actors.Tunnels;

/// <summary>
/// Parent of one <see cref="TunnelActor"/> per configured tunnel, each restarted with backoff when
/// it fails. At shutdown it stops them first, wherever they are (up, building, or waiting out a
/// backoff), and only then deletes each tunnel through its backend, so nothing re-creates a
/// tunnel after it was deleted and no request is lost on an actor that is not there. A re-applied
/// configuration changes the set the same way: a tunnel removed is stopped, then deleted, and only
/// then are the added ones made (a changed tunnel is one of each, with the same interface name).
/// Restarted after a fault, it does not make the tunnels it was started with, which an apply may
/// have changed since: it asks its parent for the tunnels declared now and holds every other
/// request until they come.
/// </summary>
public sealed class TunnelSupervisor : TracedActor, IWithStash
{
    /// <summary>Sent to the parent by a supervisor restarted after a fault; answered with <see cref="Adopt"/>.</summary>
    public sealed record Restarted;

    /// <summary>The tunnels declared now, for a restarted supervisor to make (or adopt, where they exist).</summary>
    public sealed record Adopt(IReadOnlyList<TunnelSpec> Tunnels);

    /// <summary>Delete every tunnel (shutdown); always answered with <see cref="Deletions"/>, failures included.</summary>
    public sealed record DeleteAll;

    /// <summary>Delete <paramref name="Removed"/>, then make <paramref name="Added"/>; answered with <see cref="Changed"/>.</summary>
    public sealed record Change(IReadOnlyList<TunnelSpec> Removed, IReadOnlyList<TunnelSpec> Added);

    /// <summary>The tunnels that could not be deleted, with why (an added one reports in the status as it is built).</summary>
    public sealed record Changed(IReadOnlyList<string> Failures);

    private sealed record RemovalDone(Change Request, Deletions Deleted, IActorRef ReplyTo);

    private sealed record Tunnel(TunnelSpec Spec, ITunnelBackend Backend, IActorRef Actor);

    private readonly IReadOnlyList<TunnelSpec> _initial;
    private readonly List<Tunnel> _tunnels = new();
    private readonly HashSet<IActorRef> _stopping = new();
    private IActorRef? _deleteRequester;
    private (Change Request, List<Tunnel> Removing, IActorRef ReplyTo)? _changing;
    private readonly Queue<(Change Request, IActorRef ReplyTo)> _changes = new();
    private readonly INetworkDriver _driver;
    private readonly IActorRef _bridges;
    private readonly IActorRef _status;
    private readonly EngineSettings _settings;
    private long _made;
    private bool _deletingRemoved;

    public TunnelSupervisor(IReadOnlyList<TunnelSpec> tunnels, INetworkDriver driver, IActorRef bridges, IActorRef status, EngineSettings settings)
    {
        _driver = driver;
        _bridges = bridges;
        _status = status;
        _settings = settings;
        _initial = tunnels;
        Running();
    }

    public IStash Stash { get; set; } = null!;

    protected override void PreStart()
    {
        foreach (var spec in _initial) Make(spec);
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
            foreach (var spec in m.Tunnels) Make(spec);
            Stash.UnstashAll();
            Become(Running);
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void Running()
    {
        Receive<Change>(m =>
        {
            _changes.Enqueue((m, Sender));
            NextChange();
        });
        Receive<RemovalDone>(m =>
        {
            foreach (var spec in m.Request.Added) Make(spec);
            m.ReplyTo.Tell(new Changed(m.Deleted.Failures));
            _changing = null;
            _deletingRemoved = false;
            NextChange();
        });
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
            RemoveWhenStopped();
        });
    }

    private void Make(TunnelSpec spec)
    {
        var backend = _driver.Tunnel(spec);
        var props = BackoffSupervisor.Props(Backoff.OnFailure(
            TunnelActor.Props(spec, backend, _bridges, _status, _settings.AttachTimeout), "tunnel",
            _settings.ReconnectMinBackoff, _settings.ReconnectMaxBackoff, _settings.ReconnectRandomFactor, -1));
        // A tunnel made again under its old name while the old actor is still stopping gets a name of its own.
        var name = Uri.EscapeDataString(spec.Dev);
        if (_made++ > 0 && !Context.Child(name).IsNobody()) name += "~" + _made;
        _tunnels.Add(new Tunnel(spec, backend, Context.ActorOf(props, name)));
    }

    private void NextChange()
    {
        if (_changing is not null || _deleteRequester is not null || !_changes.TryDequeue(out var next)) return;
        var removed = next.Request.Removed.Select(PlanDiffKey).ToHashSet();
        var removing = _tunnels.Where(t => removed.Contains(PlanDiffKey(t.Spec))).ToList();
        foreach (var tunnel in removing)
        {
            _tunnels.Remove(tunnel);
            Context.Watch(tunnel.Actor);
            _stopping.Add(tunnel.Actor);
            Context.Stop(tunnel.Actor);
            _status.Tell(new StatusTracker.Forget(tunnel.Spec.Dev));
        }
        _changing = (next.Request, removing, next.ReplyTo);
        RemoveWhenStopped();
    }

    private static string PlanDiffKey(TunnelSpec spec) => Config.Planning.PlanDiff.Describe(spec);

    /// <summary>Once the removed tunnels' actors are stopped (nothing re-creates them), their interfaces are deleted.</summary>
    private void RemoveWhenStopped()
    {
        if (_changing is not { } changing || _deletingRemoved || changing.Removing.Any(t => _stopping.Contains(t.Actor))) return;
        _deletingRemoved = true;
        var self = Self;
        Deletions.RunAsync(changing.Removing, async t =>
        {
            await t.Backend.DeleteAsync(CancellationToken.None).ConfigureAwait(false);
            return t.Spec.Dev;
        }, t => $"tunnel {t.Spec.Dev}").PipeTo(self, success: d => new RemovalDone(changing.Request, d, changing.ReplyTo));
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
