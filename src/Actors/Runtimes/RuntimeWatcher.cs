using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using Conlink.Actors.Engine;
using Conlink.Actors.Metrics;
using Conlink.Actors.Ports;
using Conlink.Actors.Tracing;
using Conlink.Config.Planning;

namespace Conlink.Actors.Runtimes;

/// <summary>
/// Follows one container runtime. A session subscribes to start, die, create and destroy events
/// first and lists what is running (then what is created, not started) second, so no container can start unseen between the two: one that starts
/// before the list is in it, one that starts after is an event, and one that is both is passed on
/// once (the same container with the same pid). Each start is inspected once, here, so a later
/// die needs no inspect. Inspects of different containers run in parallel, but the events of one
/// container are passed on in order, so a die can never overtake the inspect of its own start. An
/// inspect that fails for any reason but the engine saying the container is gone is retried with
/// backoff, with a warning. A lost connection fails this actor; its backoff supervisor restarts
/// it, and the restart subscribes and lists again, which resyncs the container manager.
/// <see cref="Resync"/> does the same without a failure: everything of the current session
/// (stream, inspects) is dropped and a new session begins.
/// </summary>
public sealed class RuntimeWatcher : TracedActor, IWithTimers
{
    public sealed record ContainerStarted(ContainerIdentity Container, IContainerRuntime Runtime) : ITraced
    {
        string? ITraced.Container => Container.Name;
    }

    public sealed record ContainerDied(string ContainerId, string Runtime) : ITraced
    {
        string? ITraced.Container => ContainerId;
    }

    /// <summary>A container was made but not started yet: its links are expected (compose starts it soon).</summary>
    public sealed record ContainerCreated(ContainerIdentity Container, string Runtime) : ITraced
    {
        string? ITraced.Container => Container.Name;
    }

    /// <summary>A container was removed.</summary>
    public sealed record ContainerDestroyed(string ContainerId, string Runtime) : ITraced
    {
        string? ITraced.Container => ContainerId;
    }

    /// <summary>
    /// The runtime listed every running container (and every created one, <see cref="CreatedIds"/>):
    /// anything it no longer lists has died, or was removed.
    /// </summary>
    public sealed record RuntimeSynced(string Runtime, IReadOnlySet<string> RunningIds)
    {
        public IReadOnlySet<string> CreatedIds { get; init; } = new HashSet<string>();
    }

    /// <summary>Subscribe and list again and pass everything on (the container manager lost its state).</summary>
    public sealed record Resync;

    /// <summary>How often an inspect that fails is tried before the watcher gives up on that start.</summary>
    public const int InspectAttempts = 10;

    private sealed record Subscribed(int Session, ChannelReader<ContainerEvent> Events);
    private sealed record Listed(int Session, IReadOnlyList<ContainerIdentity> Containers, IReadOnlyList<ContainerIdentity> Created);
    private sealed record Streamed(int Session, ContainerEvent Event);
    private sealed record Inspected(int Session, ContainerEvent Event, int Attempt, ContainerIdentity? Container, string? Error)
    {
        public string ContainerId => Event.ContainerId;
    }
    private sealed record RetryInspect(int Session, ContainerEvent Event, int Attempt);
    private sealed record StreamEnded(int Session, string Reason);

    /// <summary>Thrown to make the supervisor reconnect with backoff.</summary>
    public sealed class ConnectionLostException(string message) : Exception(message);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IContainerRuntime _runtime;
    private readonly IActorRef _containers;
    private readonly EngineSettings _settings;
    private CancellationTokenSource _cancel = new();
    private int _session;

    /// <summary>Events that arrived while the list was being taken; handled once it is passed on.</summary>
    private readonly List<ContainerEvent> _early = new();

    /// <summary>The pid of each listed container, so that its start event does not start it twice.</summary>
    private readonly Dictionary<string, int> _listed = new();

    /// <summary>Containers with an inspect in flight, and their events that must wait for it.</summary>
    private readonly Dictionary<string, Queue<ContainerEvent>> _waiting = new();

    public RuntimeWatcher(IContainerRuntime runtime, IActorRef containers, EngineSettings settings)
    {
        _runtime = runtime;
        _containers = containers;
        _settings = settings;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IContainerRuntime runtime, IActorRef containers, EngineSettings settings) =>
        Akka.Actor.Props.Create(() => new RuntimeWatcher(runtime, containers, settings));

    protected override void PreStart() => BeginSession();

    protected override void PostStop()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }

    private void BeginSession()
    {
        var session = ++_session;
        _early.Clear();
        _listed.Clear();
        _waiting.Clear();
        _runtime.SubscribeAsync(_cancel.Token).PipeTo(Self,
            success: events => new Subscribed(session, events),
            failure: e => new StreamEnded(session, $"cannot subscribe to events: {e.GetBaseException().Message}"));
        Become(Subscribing);
    }

    private void Subscribing()
    {
        Receive<Subscribed>(m => m.Session == _session, m =>
        {
            StartStreaming(m.Events);
            var session = _session;
            ListAsync(_cancel.Token).PipeTo(Self,
                success: lists => new Listed(session, lists.Running, lists.Created),
                failure: e => new StreamEnded(session, $"cannot list containers: {e.GetBaseException().Message}"));
            Become(Listing);
        });
        CommonToSessions();
    }

    private void Listing()
    {
        Receive<Streamed>(m => m.Session == _session, m => _early.Add(m.Event));
        Receive<Listed>(m => m.Session == _session, m =>
        {
            _log.Info("{0}: {1} running container(s)", _runtime.Name, m.Containers.Count);
            foreach (var container in m.Containers)
            {
                _listed[container.Id] = container.Pid;
                _containers.Tell(new ContainerStarted(container, _runtime));
            }
            var running = m.Containers.Select(c => c.Id).ToHashSet();
            var created = m.Created.Where(c => !running.Contains(c.Id)).ToList();
            if (created.Count > 0) _log.Info("{0}: {1} created container(s), not started yet", _runtime.Name, created.Count);
            foreach (var container in created) _containers.Tell(new ContainerCreated(container, _runtime.Name));
            _containers.Tell(new RuntimeSynced(_runtime.Name, running) { CreatedIds = created.Select(c => c.Id).ToHashSet() });
            Become(Watching);
            foreach (var e in _early) Dispatch(e);
            _early.Clear();
        });
        CommonToSessions();
    }

    private void Watching()
    {
        Receive<Streamed>(m => m.Session == _session, m => Dispatch(m.Event));
        Receive<Inspected>(m => m.Session == _session, OnInspected);
        Receive<RetryInspect>(m => m.Session == _session && _waiting.ContainsKey(m.Event.ContainerId), m => Inspect(m.Event, m.Attempt));
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
            Timers.CancelAll();
            BeginSession();
        });
        // Whatever an earlier session still delivers is superseded by the new one.
        Receive<Subscribed>(_ => { });
        Receive<Listed>(_ => { });
        Receive<Streamed>(_ => { });
        Receive<Inspected>(_ => { });
        Receive<RetryInspect>(_ => { });
        Receive<StreamEnded>(_ => { });
    }

    /// <summary>Handles an event now, or after the inspect of the same container that is still in flight.</summary>
    private void Dispatch(ContainerEvent e)
    {
        if (_waiting.TryGetValue(e.ContainerId, out var queue)) queue.Enqueue(e);
        else Handle(e);
    }

    private void Handle(ContainerEvent e)
    {
        switch (e.Kind)
        {
            case ContainerEventKind.Die:
                _listed.Remove(e.ContainerId);
                _containers.Tell(new ContainerDied(e.ContainerId, _runtime.Name));
                return;
            case ContainerEventKind.Destroy:
                _containers.Tell(new ContainerDestroyed(e.ContainerId, _runtime.Name));
                return;
            default:
                _waiting[e.ContainerId] = new Queue<ContainerEvent>();
                Inspect(e, 1);
                return;
        }
    }

    private void Inspect(ContainerEvent e, int attempt)
    {
        var session = _session;
        var inspect = e.Kind == ContainerEventKind.Create
            ? _runtime.InspectCreatedAsync(e.ContainerId, _cancel.Token)
            : _runtime.InspectAsync(e.ContainerId, _cancel.Token);
        inspect.PipeTo(Self,
            success: c => new Inspected(session, e, attempt, c, null),
            failure: error => new Inspected(session, e, attempt, null, error.GetBaseException().Message));
    }

    /// <summary>The running containers, then the created ones: one started in between is in neither list but is an event.</summary>
    private async Task<(IReadOnlyList<ContainerIdentity> Running, IReadOnlyList<ContainerIdentity> Created)> ListAsync(CancellationToken ct)
    {
        var running = await _runtime.ListRunningAsync(ct).ConfigureAwait(false);
        var created = await _runtime.ListCreatedAsync(ct).ConfigureAwait(false);
        return (running, created);
    }

    private void OnInspected(Inspected m)
    {
        if (m.Error is not null)
        {
            if (m.Attempt < InspectAttempts)
            {
                var delay = RetryDelay(m.Attempt);
                _log.Warning("{0}: inspecting container {1} failed ({2}); trying again in {3:F1} s", _runtime.Name, m.ContainerId, m.Error, delay.TotalSeconds);
                Timers.StartSingleTimer(("inspect", m.ContainerId), new RetryInspect(_session, m.Event, m.Attempt + 1), delay);
                return;
            }
            _log.Error("{0}: inspecting container {1} failed {2} times, last: {3}; it gets no links until it starts again or conlink resyncs",
                _runtime.Name, m.ContainerId, m.Attempt, m.Error);
        }
        else if (m.Container is null)
            _log.Debug("{0}: container {1} is gone or no longer {2}, the engine says; nothing to do", _runtime.Name, m.ContainerId,
                m.Event.Kind == ContainerEventKind.Create ? "only created" : "running");
        else if (m.Event.Kind == ContainerEventKind.Create)
            _containers.Tell(new ContainerCreated(m.Container, _runtime.Name));
        else if (_listed.TryGetValue(m.ContainerId, out var pid) && pid == m.Container.Pid)
            _log.Debug("{0}: {1} (pid {2}) was already listed", _runtime.Name, m.Container.Name, pid);
        else
            _containers.Tell(new ContainerStarted(m.Container, _runtime));

        var queue = _waiting[m.ContainerId];
        _waiting.Remove(m.ContainerId);
        while (queue.Count > 0 && !_waiting.ContainsKey(m.ContainerId))
        {
            Handle(queue.Dequeue());
            if (_waiting.TryGetValue(m.ContainerId, out var pending))
                while (queue.Count > 0) pending.Enqueue(queue.Dequeue());
        }
    }

    /// <summary>Doubling from the reconnect backoff's minimum, up to its maximum.</summary>
    private TimeSpan RetryDelay(int attempt)
    {
        var delay = _settings.ReconnectMinBackoff * Math.Pow(2, attempt - 1);
        return delay < _settings.ReconnectMaxBackoff ? delay : _settings.ReconnectMaxBackoff;
    }

    private void StartStreaming(ChannelReader<ContainerEvent> events)
    {
        var self = Self;
        var ct = _cancel.Token;
        var session = _session;
        var metrics = MetricsExtension.Of(Context.System);
        Task.Run(async () =>
        {
            await foreach (var e in events.ReadAllAsync(ct).ConfigureAwait(false))
            {
                metrics.DockerEvent(e.Kind.ToString().ToLowerInvariant());
                self.Tell(new Streamed(session, e));
            }
        }, ct).PipeTo(self,
            success: () => new StreamEnded(session, "event stream closed"),
            failure: e => new StreamEnded(session, e.GetBaseException().Message));
    }
}
