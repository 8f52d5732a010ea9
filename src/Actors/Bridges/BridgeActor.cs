using Akka.Actor;
using Akka.Event;
using Conlink.Actors.Ports;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;

namespace Conlink.Actors.Bridges;

/// <summary>
/// Owns one bridge: creates (or adopts) it, attaches and detaches ports, and re-creates it when it
/// disappears. Requests are carried out in the order they arrive; those that arrive while the
/// kernel is busy with earlier ones are carried out together as the next batch, so a burst of
/// attaches costs one round trip per batch, not per port. A patch bridge joins exactly two ports.
/// </summary>
public sealed class BridgeActor : TracedActor
{
    public sealed record Attach(string Port, string LinkId) : ITraced
    {
        public string? Container => null;
        public string? Link => LinkId;
    }

    public sealed record Detach(string Port, string LinkId) : ITraced
    {
        public string? Container => null;
        public string? Link => LinkId;
    }

    public sealed record Delete;

    public sealed record Attached(string LinkId);
    public sealed record AttachFailed(string LinkId, string Reason);
    public sealed record Detached(string LinkId);
    public sealed record Deleted(string Bridge);

    private sealed record Ensure;
    private sealed record Repair;
    private sealed record Request(object Message, IActorRef ReplyTo);
    private sealed record BatchDone(IReadOnlyList<(object Reply, IActorRef ReplyTo)> Replies, BridgeState State);

    /// <summary>What the actor knows of its bridge between batches.</summary>
    private sealed record BridgeState(IReadOnlyList<string> Ports, bool Exists, string? Problem);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly BridgeSpec _spec;
    private readonly IBridgeBackend _backend;
    private readonly List<Request> _queue = new();
    private BridgeState _state = new([], false, null);
    private bool _busy;

    public BridgeActor(BridgeSpec spec, IBridgeBackend backend)
    {
        _spec = spec;
        _backend = backend;
        Receive<Attach>(Enqueue);
        Receive<Detach>(Enqueue);
        Receive<Delete>(m =>
        {
            Context.System.EventStream.Unsubscribe(Self);
            Enqueue(m);
        });
        Receive<InterfaceEvent>(e => e.Kind == InterfaceEventKind.Resync || e.Name == _spec.Name, _ => Enqueue(new Repair()));
        Receive<InterfaceEvent>(_ => { });
        Receive<BatchDone>(m =>
        {
            _state = m.State;
            foreach (var (reply, replyTo) in m.Replies) replyTo.Tell(reply);
            _busy = false;
            RunNextBatch();
        });
    }

    public static Props Props(BridgeSpec spec, IBridgeBackend backend) =>
        Akka.Actor.Props.Create(() => new BridgeActor(spec, backend));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(InterfaceEvent));
        Enqueue(new Ensure());
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Enqueue(object message)
    {
        _queue.Add(new Request(message, Sender));
        RunNextBatch();
    }

    private void RunNextBatch()
    {
        if (_busy || _queue.Count == 0) return;
        var batch = _queue.ToList();
        _queue.Clear();
        _busy = true;
        var state = _state;
        var self = Self;
        CarryOutAsync(batch, state).PipeTo(self,
            failure: e => new BatchDone(batch.Select(r => (FailureReply(r.Message, e.Message), r.ReplyTo)).ToList(), state));
    }

    /// <summary>Carries out a batch in order, off the actor; returns the replies and the bridge's new state.</summary>
    private async Task<BatchDone> CarryOutAsync(IReadOnlyList<Request> batch, BridgeState state)
    {
        var replies = new List<(object, IActorRef)>();
        var ports = state.Ports.ToList();
        var exists = state.Exists;
        var problem = state.Problem;
        foreach (var (message, replyTo) in batch)
        {
            switch (message)
            {
                case Ensure:
                    (exists, problem) = await EnsureAsync().ConfigureAwait(false);
                    break;
                case Attach attach:
                    if (!exists) (exists, problem) = await EnsureAsync().ConfigureAwait(false);
                    replies.Add((await AttachAsync(attach, ports, exists, problem).ConfigureAwait(false), replyTo));
                    break;
                case Detach detach:
                    if (ports.Remove(detach.Port)) await QuietlyAsync(() => _backend.DetachAsync(detach.Port, ports.ToList(), CancellationToken.None)).ConfigureAwait(false);
                    replies.Add((new Detached(detach.LinkId), replyTo));
                    break;
                case Repair when exists && !await _backend.ExistsAsync(CancellationToken.None).ConfigureAwait(false):
                    _log.Warning("bridge {0} disappeared; re-creating it with its {1} port(s)", _spec.Name, ports.Count);
                    (exists, problem) = await EnsureAsync().ConfigureAwait(false);
                    var attached = new List<string>();
                    foreach (var port in ports)
                    {
                        attached.Add(port);
                        await QuietlyAsync(() => _backend.AttachAsync(port, attached.ToList(), CancellationToken.None)).ConfigureAwait(false);
                    }
                    break;
                case Delete:
                    await QuietlyAsync(() => _backend.DeleteAsync(CancellationToken.None)).ConfigureAwait(false);
                    ports.Clear();
                    exists = false;
                    replies.Add((new Deleted(_spec.Name), replyTo));
                    break;
            }
        }
        return new BatchDone(replies, new BridgeState(ports, exists, problem));
    }

    private async Task<(bool Exists, string? Problem)> EnsureAsync()
    {
        try
        {
            await _backend.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
            _log.Info("bridge {0} ({1}) ready", _spec.Name, _spec.Mode.ToString().ToLowerInvariant());
            return (true, null);
        }
        catch (Exception e)
        {
            var problem = $"cannot create bridge {_spec.Name}: {e.Message}";
            _log.Error(problem);
            return (false, problem);
        }
    }

    private async Task<object> AttachAsync(Attach attach, List<string> ports, bool exists, string? problem)
    {
        if (!exists) return new AttachFailed(attach.LinkId, problem ?? $"bridge {_spec.Name} is not available");
        var known = ports.Contains(attach.Port);
        if (_spec.Mode == BridgeMode.Patch && !known && ports.Count >= 2)
            return new AttachFailed(attach.LinkId, $"patch bridge {_spec.Name} already joins {ports[0]} and {ports[1]}; cannot add a third link ({attach.Port})");
        // Attaching is idempotent in the kernel, so a known port is attached again: it may be a new
        // interface of the same name (a link conlink re-created).
        var after = known ? ports.ToList() : [.. ports, attach.Port];
        try
        {
            await _backend.AttachAsync(attach.Port, after, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return new AttachFailed(attach.LinkId, $"cannot attach {attach.Port} to bridge {_spec.Name}: {e.Message}");
        }
        if (!known) ports.Add(attach.Port);
        return new Attached(attach.LinkId);
    }

    private async Task QuietlyAsync(Func<Task> operation)
    {
        try
        {
            await operation().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log.Warning("bridge {0}: {1}", _spec.Name, e.Message);
        }
    }

    private object FailureReply(object message, string reason) => message switch
    {
        Attach a => new AttachFailed(a.LinkId, reason),
        Detach d => new Detached(d.LinkId),
        Delete => new Deleted(_spec.Name),
        _ => new Deleted(_spec.Name),
    };
}
