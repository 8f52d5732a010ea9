using Akka.Actor;
using Akka.Event;
using Conlink.Actors.Containers;
using Conlink.Actors.Runtime;
using Conlink.Actors.Tracing;

namespace Conlink.Actors.Docker;

/// <summary>
/// Follows one container runtime: lists what is running, then streams start and die events from
/// the moment of the list on (so nothing falls between the two). Each start is inspected once,
/// here, so a later die needs no inspect. Inspects of different containers run in parallel, but
/// the events of one container are passed on in order, so a die can never overtake the inspect of
/// its own start. A lost connection fails this actor; its backoff supervisor restarts it, and the
/// restart lists again, which resyncs the container manager. <see cref="Resync"/> does the same
/// without a failure: everything of the current session (stream, inspects) is dropped and a new
/// session lists and streams again.
/// </summary>
public sealed class DockerWatcher : TracedActor
{
    /// <summary>List the running containers again and pass them all on (the container manager lost its state).</summary>
    public sealed record Resync;

    private sealed record Listed(int Session, IReadOnlyList<Config.Planning.ContainerIdentity> Containers, DateTimeOffset Since);
    private sealed record Streamed(int Session, ContainerEvent Event);
    private sealed record Inspected(int Session, string ContainerId, Config.Planning.ContainerIdentity? Container);
    private sealed record StreamEnded(int Session, string Reason);

    /// <summary>Thrown to make the supervisor reconnect with backoff.</summary>
    public sealed class ConnectionLostException(string message) : Exception(message);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IContainerRuntime _runtime;
    private readonly IActorRef _containers;
    private CancellationTokenSource _cancel = new();
    private int _session;

    /// <summary>Containers with an inspect in flight, and their events that must wait for it.</summary>
    private readonly Dictionary<string, Queue<ContainerEvent>> _waiting = new();

    public DockerWatcher(IContainerRuntime runtime, IActorRef containers)
    {
        _runtime = runtime;
        _containers = containers;
    }

    public static Props Props(IContainerRuntime runtime, IActorRef containers) =>
        Akka.Actor.Props.Create(() => new DockerWatcher(runtime, containers));

    protected override void PreStart() => BeginSession();

    private void BeginSession()
    {
        var session = ++_session;
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        _runtime.ListRunningAsync(_cancel.Token).PipeTo(Self,
            success: list => new Listed(session, list, since),
            failure: e => new StreamEnded(session, $"cannot list containers: {e.GetBaseException().Message}"));
        Become(Listing);
    }

    protected override void PostStop()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }

    private void Listing()
    {
        Receive<Listed>(m => m.Session == _session, m =>
        {
            _log.Info("{0}: {1} running container(s)", _runtime.Name, m.Containers.Count);
            foreach (var container in m.Containers) _containers.Tell(new ContainerManager.ContainerStarted(container, _runtime));
            _containers.Tell(new ContainerManager.RuntimeSynced(_runtime.Name, m.Containers.Select(c => c.Id).ToHashSet()));
            StartStreaming(m.Since);
            Become(Watching);
        });
        CommonToSessions();
    }

    private void Watching()
    {
        Receive<Streamed>(m => m.Session == _session, m =>
        {
            if (_waiting.TryGetValue(m.Event.ContainerId, out var queue)) queue.Enqueue(m.Event);
            else Handle(m.Event);
        });
        Receive<Inspected>(m => m.Session == _session, m =>
        {
            if (m.Container is not null) _containers.Tell(new ContainerManager.ContainerStarted(m.Container, _runtime));
            else _log.Debug("{0}: {1} exited before it could be inspected", _runtime.Name, m.ContainerId);
            var queue = _waiting[m.ContainerId];
            _waiting.Remove(m.ContainerId);
            while (queue.Count > 0 && !_waiting.ContainsKey(m.ContainerId))
            {
                Handle(queue.Dequeue());
                if (_waiting.TryGetValue(m.ContainerId, out var pending))
                    while (queue.Count > 0) pending.Enqueue(queue.Dequeue());
            }
        });
        CommonToSessions();
    }

    private void CommonToSessions()
    {
        Receive<StreamEnded>(m => m.Session == _session, m => throw new ConnectionLostException($"{_runtime.Name}: {m.Reason}"));
        Receive<Resync>(_ =>
        {
            _log.Info("{0}: listing the running containers again", _runtime.Name);
            _cancel.Cancel();
            _cancel.Dispose();
            _cancel = new CancellationTokenSource();
            _waiting.Clear();
            BeginSession();
        });
        // Whatever an earlier session still delivers is superseded by the new list.
        Receive<Listed>(_ => { });
        Receive<Streamed>(_ => { });
        Receive<Inspected>(_ => { });
        Receive<StreamEnded>(_ => { });
    }

    private void Handle(ContainerEvent e)
    {
        if (e.Kind == ContainerEventKind.Die)
        {
            _containers.Tell(new ContainerManager.ContainerDied(e.ContainerId, _runtime.Name));
            return;
        }
        _waiting[e.ContainerId] = new Queue<ContainerEvent>();
        var session = _session;
        _runtime.InspectAsync(e.ContainerId, _cancel.Token).PipeTo(Self,
            success: c => new Inspected(session, e.ContainerId, c),
            failure: _ => new Inspected(session, e.ContainerId, null));
    }

    private void StartStreaming(DateTimeOffset since)
    {
        var self = Self;
        var runtime = _runtime;
        var ct = _cancel.Token;
        var session = _session;
        Task.Run(async () =>
        {
            await foreach (var e in runtime.WatchAsync(since, ct).ConfigureAwait(false)) self.Tell(new Streamed(session, e));
        }, ct).PipeTo(self,
            success: () => new StreamEnded(session, "event stream closed"),
            failure: e => new StreamEnded(session, e.GetBaseException().Message));
    }
}
