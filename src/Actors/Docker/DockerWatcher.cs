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
/// restart lists again, which resyncs the container manager.
/// </summary>
public sealed class DockerWatcher : TracedActor
{
    private sealed record Listed(IReadOnlyList<Config.Planning.ContainerIdentity> Containers, DateTimeOffset Since);
    private sealed record Inspected(string ContainerId, Config.Planning.ContainerIdentity? Container);
    private sealed record StreamEnded(string Reason);

    /// <summary>Thrown to make the supervisor reconnect with backoff.</summary>
    public sealed class ConnectionLostException(string message) : Exception(message);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IContainerRuntime _runtime;
    private readonly IActorRef _containers;
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>Containers with an inspect in flight, and their events that must wait for it.</summary>
    private readonly Dictionary<string, Queue<ContainerEvent>> _waiting = new();

    public DockerWatcher(IContainerRuntime runtime, IActorRef containers)
    {
        _runtime = runtime;
        _containers = containers;
        Become(Listing);
    }

    public static Props Props(IContainerRuntime runtime, IActorRef containers) =>
        Akka.Actor.Props.Create(() => new DockerWatcher(runtime, containers));

    protected override void PreStart()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        _runtime.ListRunningAsync(_cancel.Token).PipeTo(Self,
            success: list => new Listed(list, since),
            failure: e => new StreamEnded($"cannot list containers: {e.GetBaseException().Message}"));
    }

    protected override void PostStop()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }

    private void Listing()
    {
        Receive<Listed>(m =>
        {
            _log.Info("{0}: {1} running container(s)", _runtime.Name, m.Containers.Count);
            foreach (var container in m.Containers) _containers.Tell(new ContainerManager.ContainerStarted(container, _runtime));
            _containers.Tell(new ContainerManager.RuntimeSynced(_runtime.Name, m.Containers.Select(c => c.Id).ToHashSet()));
            StartStreaming(m.Since);
            Become(Watching);
        });
        Receive<StreamEnded>(m => throw new ConnectionLostException($"{_runtime.Name}: {m.Reason}"));
    }

    private void Watching()
    {
        Receive<ContainerEvent>(e =>
        {
            if (_waiting.TryGetValue(e.ContainerId, out var queue)) queue.Enqueue(e);
            else Handle(e);
        });
        Receive<Inspected>(m =>
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
        Receive<StreamEnded>(m => throw new ConnectionLostException($"{_runtime.Name}: {m.Reason}"));
    }

    private void Handle(ContainerEvent e)
    {
        if (e.Kind == ContainerEventKind.Die)
        {
            _containers.Tell(new ContainerManager.ContainerDied(e.ContainerId, _runtime.Name));
            return;
        }
        _waiting[e.ContainerId] = new Queue<ContainerEvent>();
        _runtime.InspectAsync(e.ContainerId, _cancel.Token).PipeTo(Self,
            success: c => new Inspected(e.ContainerId, c),
            failure: _ => new Inspected(e.ContainerId, null));
    }

    private void StartStreaming(DateTimeOffset since)
    {
        var self = Self;
        var runtime = _runtime;
        var ct = _cancel.Token;
        Task.Run(async () =>
        {
            await foreach (var e in runtime.WatchAsync(since, ct).ConfigureAwait(false)) self.Tell(e);
        }, ct).PipeTo(self,
            success: () => new StreamEnded("event stream closed"),
            failure: e => new StreamEnded(e.GetBaseException().Message));
    }
}
