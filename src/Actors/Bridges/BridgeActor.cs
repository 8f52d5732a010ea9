using Akka.Actor;
using Akka.Event;
using Conlink.Actors.Network;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;

namespace Conlink.Actors.Bridges;

/// <summary>
/// Owns one bridge: creates (or adopts) it, then attaches and detaches ports one at a time, so
/// the bridge's port set and the kernel never disagree. A patch bridge joins exactly two ports.
/// </summary>
public sealed class BridgeActor : TracedActor, IWithStash
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
    private sealed record Repaired(string Bridge);

    private sealed record Ensured;
    private sealed record OperationDone(object Reply, IActorRef ReplyTo);
    private sealed record OperationFailed(object Reply, IActorRef ReplyTo, Exception Error);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly BridgeSpec _spec;
    private readonly IBridgeBackend _backend;
    private readonly List<string> _ports = new();
    private string? _brokenReason;

    public BridgeActor(BridgeSpec spec, IBridgeBackend backend)
    {
        _spec = spec;
        _backend = backend;
        Become(Ensuring);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(BridgeSpec spec, IBridgeBackend backend) =>
        Akka.Actor.Props.Create(() => new BridgeActor(spec, backend));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(InterfaceEvent));
        StartEnsure();
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void StartEnsure()
    {
        var self = Self;
        _backend.EnsureAsync(CancellationToken.None).PipeTo(self,
            success: () => new Ensured(),
            failure: e => new OperationFailed(new Ensured(), self, e));
    }

    private void Ensuring()
    {
        Receive<Ensured>(_ =>
        {
            _brokenReason = null;
            _log.Info("bridge {0} ({1}) ready", _spec.Name, ModeName);
            Become(Ready);
            Stash.UnstashAll();
        });
        Receive<OperationFailed>(m =>
        {
            _brokenReason = $"cannot create bridge {_spec.Name}: {m.Error.Message}";
            _log.Error(_brokenReason);
            Become(Broken);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void Ready()
    {
        Receive<InterfaceEvent>(e => e.Kind == InterfaceEventKind.Resync || e.Name == _spec.Name, _ => Repair());
        Receive<InterfaceEvent>(_ => { });
        Receive<Attach>(m =>
        {
            // Attaching is idempotent in the kernel, so a known port is attached again: it may be a
            // new interface of the same name (a link conlink re-created).
            if (_spec.Mode == BridgeMode.Patch && !_ports.Contains(m.Port) && _ports.Count >= 2)
            {
                Sender.Tell(new AttachFailed(m.LinkId,
                    $"patch bridge {_spec.Name} already joins {_ports[0]} and {_ports[1]}; cannot add a third link ({m.Port})"));
                return;
            }
            var ports = _ports.Contains(m.Port) ? _ports.ToList() : _ports.Append(m.Port).ToList();
            Run(() => _backend.AttachAsync(m.Port, ports, CancellationToken.None),
                onSuccess: () =>
                {
                    if (!_ports.Contains(m.Port)) _ports.Add(m.Port);
                },
                new Attached(m.LinkId), e => new AttachFailed(m.LinkId, e.Message));
        });
        Receive<Detach>(m =>
        {
            if (!_ports.Contains(m.Port))
            {
                Sender.Tell(new Detached(m.LinkId));
                return;
            }
            var remaining = _ports.Where(p => p != m.Port).ToList();
            Run(() => _backend.DetachAsync(m.Port, remaining, CancellationToken.None),
                onSuccess: () => _ports.Remove(m.Port),
                new Detached(m.LinkId), _ => new Detached(m.LinkId));
        });
        Receive<Delete>(_ =>
        {
            Context.System.EventStream.Unsubscribe(Self);
            Run(() => _backend.DeleteAsync(CancellationToken.None), onSuccess: _ports.Clear, new Deleted(_spec.Name), _ => new Deleted(_spec.Name));
        });
        Receive<Repaired>(_ => { });
    }

    /// <summary>The bridge may have been deleted behind conlink's back: make it again and re-attach every port.</summary>
    private void Repair()
    {
        var ports = _ports.ToList();
        Run(async () =>
        {
            if (await _backend.ExistsAsync(CancellationToken.None).ConfigureAwait(false)) return;
            _log.Warning("bridge {0} disappeared; re-creating it with its {1} port(s)", _spec.Name, ports.Count);
            await _backend.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
            var attached = new List<string>();
            foreach (var port in ports)
            {
                attached.Add(port);
                await _backend.AttachAsync(port, attached, CancellationToken.None).ConfigureAwait(false);
            }
        }, onSuccess: () => { }, successReply: new Repaired(_spec.Name), failureReply: _ => new Repaired(_spec.Name));
    }

    private void Broken()
    {
        Receive<Attach>(m =>
        {
            Sender.Tell(new AttachFailed(m.LinkId, _brokenReason ?? $"bridge {_spec.Name} is not available"));
            StartEnsure();
            Become(Ensuring);
        });
        Receive<Detach>(m => Sender.Tell(new Detached(m.LinkId)));
        Receive<Delete>(_ => Sender.Tell(new Deleted(_spec.Name)));
        Receive<InterfaceEvent>(_ => { });
    }

    /// <summary>Runs one backend operation; other requests wait in the stash until it ends.</summary>
    private void Run(Func<Task> operation, Action onSuccess, object successReply, Func<Exception, object> failureReply)
    {
        var replyTo = Sender;
        operation().PipeTo(Self,
            success: () => new OperationDone(successReply, replyTo),
            failure: e => new OperationFailed(failureReply(e), replyTo, e));
        BecomeStacked(() =>
        {
            Receive<OperationDone>(m =>
            {
                onSuccess();
                m.ReplyTo.Tell(m.Reply);
                UnbecomeStacked();
                Stash.UnstashAll();
            });
            Receive<OperationFailed>(m =>
            {
                _log.Warning("bridge {0}: {1}", _spec.Name, m.Error.Message);
                m.ReplyTo.Tell(m.Reply);
                UnbecomeStacked();
                Stash.UnstashAll();
            });
            ReceiveAny(_ => Stash.Stash());
        });
    }

    private string ModeName => _spec.Mode.ToString().ToLowerInvariant();
}
