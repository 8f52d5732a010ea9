using Akka.Actor;
using Akka.Event;
using Conlink.Actors.Ports;
using Conlink.Actors.Runtimes;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using Conlink.Config.Planning;

namespace Conlink.Actors.Containers;

/// <summary>
/// Turns container starts and deaths into work for one <see cref="ContainerActor"/> per container:
/// plans each container's links (a pure function of its identity and the config), tells the
/// status tracker what to expect, and resyncs against a runtime's full list after a reconnect.
/// </summary>
public sealed class ContainerManager : TracedActor, IWithStash
{
    /// <summary>Tear every container's links down (shutdown); answered with <see cref="AllStopped"/>.</summary>
    public sealed record StopAll;
    public sealed record AllStopped;

    /// <summary>To the parent: this manager restarted after a fault and lost every container it knew; the runtimes must list them again.</summary>
    public sealed record Restarted;

    private sealed record Swept(IReadOnlyList<string> Removed, string? Error);

    private sealed class Entry(IActorRef actor, ContainerPlan plan, IContainerRuntime runtime)
    {
        public IActorRef Actor { get; } = actor;
        public ContainerPlan Plan { get; set; } = plan;
        public IContainerRuntime Runtime { get; set; } = runtime;
        public bool Running { get; set; } = true;
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Func<ContainerIdentity, ContainerPlan> _plan;
    private readonly INetworkDriver _driver;
    private readonly IActorRef _bridges;
    private readonly IActorRef _status;
    private readonly TimeSpan _attachTimeout;
    private readonly HashSet<string> _unsyncedRuntimes;
    private readonly Dictionary<string, Entry> _containers = new();
    private long _actorsMade;
    private IActorRef? _stopRequester;

    public ContainerManager(Func<ContainerIdentity, ContainerPlan> plan, INetworkDriver driver, IActorRef bridges, IActorRef status,
        IEnumerable<string> runtimes, TimeSpan attachTimeout)
    {
        _plan = plan;
        _driver = driver;
        _bridges = bridges;
        _status = status;
        _attachTimeout = attachTimeout;
        _unsyncedRuntimes = new HashSet<string>(runtimes);
        Become(Active);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(Func<ContainerIdentity, ContainerPlan> plan, INetworkDriver driver, IActorRef bridges, IActorRef status,
        IEnumerable<string> runtimes, TimeSpan attachTimeout) =>
        Akka.Actor.Props.Create(() => new ContainerManager(plan, driver, bridges, status, runtimes, attachTimeout));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), localOnlyDecider: _ => Directive.Restart);

    private void Active()
    {
        Receive<RuntimeWatcher.ContainerStarted>(OnStarted);
        Receive<RuntimeWatcher.ContainerDied>(m => OnDied(m.ContainerId));
        Receive<RuntimeWatcher.RuntimeSynced>(OnSynced);
        Receive<ContainerActor.Idle>(OnIdle);
        Receive<ContainerActor.Restarted>(m =>
        {
            if (_containers.TryGetValue(m.ContainerId, out var entry) && entry.Running)
                entry.Actor.Tell(new ContainerActor.Start(entry.Plan, entry.Runtime));
        });
        Receive<StopAll>(_ => BeginStopAll());
        Receive<InterfaceEvent>(OnInterfaceEvent);
        Receive<Terminated>(m => OnChildTerminated(m.ActorRef));
    }

    /// <summary>
    /// A container actor that stops while its container still runs was given up by this manager's
    /// supervision (it failed too often): its links would be left unmanaged. That is logged as an
    /// error and this manager fails, so that its own supervisor restarts it and the runtimes list
    /// every container again; a manager that fails too often stops the engine.
    /// </summary>
    private void OnChildTerminated(IActorRef child)
    {
        if (_containers.Values.FirstOrDefault(e => e.Actor.Equals(child)) is not { } entry) return;
        var name = entry.Plan.Container.Name;
        _log.Error("{0}: its actor stopped after failing too often; starting over with a full listing", name);
        throw new ContainerActorLostException($"the actor of container {name} stopped after failing too often");
    }

    public sealed class ContainerActorLostException(string message) : Exception(message);

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(InterfaceEvent));

    /// <summary>
    /// A restart loses every container this manager knew, and its container actors with them (their
    /// links stay in the kernel): the runtimes list everything again, and the new actors adopt the links.
    /// </summary>
    protected override void PostRestart(Exception reason)
    {
        _log.Warning("container manager restarted after a fault ({0}); listing the containers again", reason.Message);
        base.PostRestart(reason);
        Context.Parent.Tell(new Restarted());
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>An outer end vanished from the bridge namespace: the container that owns it repairs that link.</summary>
    private void OnInterfaceEvent(InterfaceEvent e)
    {
        foreach (var entry in _containers.Values.Where(c => c.Running))
        {
            var links = entry.Plan.Links
                .Where(l => e.Kind == InterfaceEventKind.Resync || (l.OuterDev == e.Name && l.Type == Config.Model.LinkType.Veth))
                .Select(l => l.Id).ToList();
            if (links.Count > 0) entry.Actor.Tell(new ContainerActor.Repair(links));
        }
    }

    private void Sweeping()
    {
        Receive<Swept>(m =>
        {
            if (m.Error is not null) _log.Warning("could not remove stale interfaces: {0}", m.Error);
            else if (m.Removed.Count > 0) _log.Info("removed {0} stale interfaces: {1}", m.Removed.Count, string.Join(", ", m.Removed));
            Become(Active);
            Stash.UnstashAll();
        });
        Receive<ContainerActor.Idle>(OnIdle);
        ReceiveAny(_ => Stash.Stash());
    }

    private void Stopping()
    {
        Receive<ContainerActor.Idle>(m =>
        {
            OnIdle(m);
            ReplyWhenAllStopped();
        });
        Receive<StopAll>(_ => _stopRequester = Sender);
        Receive<Terminated>(m =>
        {
            if (_containers.FirstOrDefault(c => c.Value.Actor.Equals(m.ActorRef)) is { Value: { } entry } lost)
            {
                _log.Error("{0}: its actor stopped before removing its links", entry.Plan.Container.Name);
                _containers.Remove(lost.Key);
            }
            ReplyWhenAllStopped();
        });
        ReceiveAny(_ => { });
    }

    private void OnStarted(RuntimeWatcher.ContainerStarted m)
    {
        var container = m.Container;
        if (_containers.TryGetValue(container.Id, out var known) && known.Running)
        {
            if (known.Plan.Container.Pid == container.Pid) return;
            _log.Info("{0}: restarted (pid {1} -> {2})", container.Name, known.Plan.Container.Pid, container.Pid);
            OnDied(container.Id);
        }

        ContainerPlan plan;
        try
        {
            plan = _plan(container);
        }
        catch (Exception e)
        {
            _log.Error("{0}: cannot plan its links: {1}", container.Name, e.Message);
            return;
        }
        if (plan.IsEmpty)
        {
            _log.Debug("{0}: no matching config, ignoring", container.Name);
            return;
        }

        _log.Info("{0}: started (pid {1}), {2} link(s) planned", container.Name, container.Pid, plan.Links.Count);
        _status.Tell(new StatusTracker.Expect(container.Name, plan.Links.Select(l => ToStatus(container, l)).ToList()));
        if (_containers.TryGetValue(container.Id, out var entry))
        {
            entry.Plan = plan;
            entry.Runtime = m.Runtime;
            entry.Running = true;
        }
        else
        {
            var actor = Context.ActorOf(ContainerActor.Props(container.Id, _driver, _bridges, _status, _attachTimeout), ChildName(container, ++_actorsMade));
            Context.Watch(actor);
            entry = new Entry(actor, plan, m.Runtime);
            _containers[container.Id] = entry;
        }
        entry.Actor.Tell(new ContainerActor.Start(plan, m.Runtime));
    }

    private void OnDied(string containerId)
    {
        if (!_containers.TryGetValue(containerId, out var entry) || !entry.Running) return;
        entry.Running = false;
        _log.Info("{0}: died, removing its links", entry.Plan.Container.Name);
        _status.Tell(new StatusTracker.Forget(entry.Plan.Container.Name));
        entry.Actor.Tell(new ContainerActor.Stop(entry.Plan.Container.Name));
    }

    private void OnIdle(ContainerActor.Idle m)
    {
        if (!_containers.TryGetValue(m.ContainerId, out var entry) || entry.Running) return;
        Context.Unwatch(entry.Actor);
        Context.Stop(entry.Actor);
        _containers.Remove(m.ContainerId);
    }

    private void OnSynced(RuntimeWatcher.RuntimeSynced m)
    {
        foreach (var (id, entry) in _containers.ToList())
            if (entry.Running && entry.Runtime.Name == m.Runtime && !m.RunningIds.Contains(id)) OnDied(id);
        _status.Tell(new StatusTracker.SyncComplete(m.Runtime));

        if (!_unsyncedRuntimes.Remove(m.Runtime) || _unsyncedRuntimes.Count > 0) return;
        // Every runtime has listed its containers once: whatever conlink made earlier that no
        // current plan wants is stale (left by a crash or by containers that died meanwhile).
        var keep = _containers.Values.Where(e => e.Running)
            .SelectMany(e => e.Plan.Links).Select(l => l.OuterDev).OfType<string>().ToHashSet();
        _driver.SweepStaleAsync(keep, CancellationToken.None).PipeTo(Self,
            success: removed => new Swept(removed, null), failure: e => new Swept([], e.Message));
        Become(Sweeping);
    }

    private void BeginStopAll()
    {
        _stopRequester = Sender;
        foreach (var id in _containers.Keys.ToList()) OnDied(id);
        Become(Stopping);
        ReplyWhenAllStopped();
    }

    private void ReplyWhenAllStopped()
    {
        if (_containers.Count > 0) return;
        _stopRequester?.Tell(new AllStopped());
    }

    private static LinkStatus ToStatus(ContainerIdentity container, LinkPlan link) => new(
        link.Id, container.Name, link.Dev, LinkState.Planned, null,
        link.Ips.Count > 0 ? string.Join(',', link.Ips) : null, link.Mac is { } mac ? Config.Model.MacAddresses.Format(mac) : null,
        link.Bridge?.Name ?? link.OuterDev, DateTimeOffset.UtcNow)
    {
        Service = container.Service,
        Replica = container.Service is null ? null : container.Index,
        Type = link.Type.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Unique per actor: a container started again right after its idle actor was told to stop
    /// gets a new actor while the old one may still hold its name.
    /// </summary>
    private static string ChildName(ContainerIdentity container, long number) =>
        Uri.EscapeDataString($"{container.Name}-{container.Id[..Math.Min(12, container.Id.Length)]}-{number}");
}
