using Akka.Actor;
using Akka.Event;
using Conlink.Actors.Control;
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

    /// <summary>
    /// A user's change of one link, named as on the command line (see <see cref="LinkTarget"/>);
    /// answered with a <see cref="ControlResult"/>. The change is remembered for the container
    /// (by name, across restarts) once it succeeded.
    /// </summary>
    public sealed record ChangeLinkRequest(string Target, LinkChange Change) : ITraced
    {
        public string? Container => Target.Split(':')[0];
        public string? Link => Target;
    }

    /// <summary>
    /// Re-plan every running container with <paramref name="Plan"/> (a new configuration) and carry
    /// out the difference (unless <paramref name="DryRun"/>). Answered with <see cref="Replanned"/>;
    /// when any container cannot be planned, nothing is changed.
    /// </summary>
    public sealed record Replan(Config.Model.NetworkConfig OldConfig, Config.Model.NetworkConfig NewConfig, Func<ContainerIdentity, ContainerPlan> Plan, bool DryRun,
        TimeSpan Timeout);

    public sealed record Replanned(PlanDiff? Diff, ControlResult Result);

    private sealed record ReplanDone(PlanDiff Diff, IReadOnlyList<string> Failures, IActorRef ReplyTo);

    private sealed record Swept(IReadOnlyList<string> Removed, string? Error);

    private sealed class Entry(IActorRef actor, ContainerPlan plan, IContainerRuntime runtime)
    {
        public IActorRef Actor { get; } = actor;
        public ContainerPlan Plan { get; set; } = plan;
        public IContainerRuntime Runtime { get; set; } = runtime;
        public bool Running { get; set; } = true;
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private Func<ContainerIdentity, ContainerPlan> _plan;
    private readonly INetworkDriver _driver;
    private readonly IActorRef _bridges;
    private readonly IActorRef _status;
    private readonly TimeSpan _attachTimeout;
    private readonly HashSet<string> _unsyncedRuntimes;
    private readonly Dictionary<string, Entry> _containers = new();
    /// <summary>The user's overrides by container name, then dev; forgotten only when conlink restarts.</summary>
    private readonly Dictionary<string, Dictionary<string, LinkOverride>> _overrides = new(StringComparer.Ordinal);
    /// <summary>Containers that exist but have not started (id to name and runtime): their links are expected.</summary>
    private readonly Dictionary<string, (string Name, string Runtime)> _created = new();
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
        Receive<RuntimeWatcher.ContainerCreated>(OnCreated);
        Receive<RuntimeWatcher.ContainerDestroyed>(m => NoLongerCreated(m.ContainerId, "removed"));
        Receive<ContainerActor.Idle>(OnIdle);
        Receive<ContainerActor.Restarted>(m =>
        {
            if (_containers.TryGetValue(m.ContainerId, out var entry) && entry.Running)
                entry.Actor.Tell(new ContainerActor.Start(entry.Plan, entry.Runtime, OverridesOf(entry.Plan.Container.Name)));
        });
        Receive<StopAll>(_ => BeginStopAll());
        Receive<ChangeLinkRequest>(OnChangeLink);
        Receive<ContainerActor.LinkChanged>(OnLinkChanged);
        Receive<Replan>(OnReplan);
        Receive<ReplanDone>(m =>
        {
            var result = m.Failures.Count == 0
                ? ControlResult.Done($"applied: {m.Diff.Summary}")
                : new ControlResult(ControlOutcome.KernelRefused, $"applied with {m.Failures.Count} failure(s): {string.Join("; ", m.Failures)}");
            m.ReplyTo.Tell(new Replanned(m.Diff, result));
        });
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
        Receive<ContainerActor.LinkChanged>(OnLinkChanged);
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
        Receive<ChangeLinkRequest>(_ => Sender.Tell(new ControlResult(ControlOutcome.Conflict, "conlink is shutting down; nothing was changed")));
        Receive<Replan>(_ => Sender.Tell(new Replanned(null, new ControlResult(ControlOutcome.Conflict, "conlink is shutting down; nothing was changed"))));
        Receive<ContainerActor.LinkChanged>(m => m.ReplyTo.Tell(m.Result));
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

    private void OnCreated(RuntimeWatcher.ContainerCreated m)
    {
        var container = m.Container;
        if (_containers.TryGetValue(container.Id, out var known) && known.Running) return;
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
        if (plan.IsEmpty) return;
        if (_created.TryAdd(container.Id, (container.Name, m.Runtime)))
            _log.Info("{0}: created, not started yet; {1} link(s) expected", container.Name, plan.Links.Count);
        _status.Tell(new StatusTracker.Expect(container.Name, ExpectedLinks.Of(plan, started: false, OverridesOf(container.Name), DateTimeOffset.UtcNow)));
    }

    /// <summary>A created container was removed, or exited without running: its links are no longer expected.</summary>
    private void NoLongerCreated(string containerId, string why)
    {
        if (!_created.Remove(containerId, out var created)) return;
        _log.Info("{0}: {1} before it started; its links are no longer expected", created.Name, why);
        _status.Tell(new StatusTracker.Forget(created.Name));
    }

    private void OnStarted(RuntimeWatcher.ContainerStarted m)
    {
        var container = m.Container;
        // A created container's expected links stay until the Expect below replaces them in one step,
        // so that "all connected" cannot fire between the two.
        var wasCreated = _created.Remove(container.Id);
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
            if (wasCreated) _status.Tell(new StatusTracker.Forget(container.Name));
            return;
        }
        if (plan.IsEmpty)
        {
            if (wasCreated) _status.Tell(new StatusTracker.Forget(container.Name));
            _log.Debug("{0}: no matching config, ignoring", container.Name);
            return;
        }

        _log.Info("{0}: started (pid {1}), {2} link(s) planned", container.Name, container.Pid, plan.Links.Count);
        var overrides = OverridesOf(container.Name);
        _status.Tell(new StatusTracker.Expect(container.Name, ExpectedLinks.Of(plan, started: true, overrides, DateTimeOffset.UtcNow)));
        TraceExtension.Get(Context.System).Event(Self.Path.ToStringWithoutAddress(), "container-start", container.Name, null,
            $"started (pid {container.Pid}), {plan.Links.Count} link(s) planned");
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
        entry.Actor.Tell(new ContainerActor.Start(plan, m.Runtime, overrides));
    }

    private IReadOnlyDictionary<string, LinkOverride> OverridesOf(string container) =>
        _overrides.TryGetValue(container, out var byDev) ? new Dictionary<string, LinkOverride>(byDev) : new Dictionary<string, LinkOverride>();

    private void OnReplan(Replan m)
    {
        var running = _containers.Values.Where(e => e.Running).OrderBy(e => e.Plan.Container.Name, StringComparer.Ordinal).ToList();
        var plans = new List<(Entry Entry, ContainerPlan New)>();
        var problems = new List<string>();
        foreach (var entry in running)
        {
            try
            {
                plans.Add((entry, m.Plan(entry.Plan.Container)));
            }
            catch (Exception e)
            {
                problems.Add($"{entry.Plan.Container.Name}: {e.Message}");
            }
        }
        if (problems.Count > 0)
        {
            Sender.Tell(new Replanned(null, new ControlResult(ControlOutcome.Invalid,
                $"the new configuration cannot be planned for running containers, so nothing was changed:\n  {string.Join("\n  ", problems)}")));
            return;
        }

        var diff = PlanDiff.Compute(m.OldConfig, m.NewConfig, plans.Select(p => (p.Entry.Plan, p.New)));
        if (m.DryRun)
        {
            Sender.Tell(new Replanned(diff, ControlResult.Done($"dry run, nothing changed: {diff.Summary}")));
            return;
        }

        _plan = m.Plan;
        foreach (var bridge in diff.BridgesAdded) _bridges.Tell(new Bridges.BridgeManager.EnsureBridge(m.NewConfig.Bridges[bridge]));
        var byName = diff.Containers.ToDictionary(c => c.Container, StringComparer.Ordinal);
        var work = new List<Task<ContainerActor.Reconfigured>>();
        foreach (var (entry, plan) in plans)
        {
            var name = entry.Plan.Container.Name;
            var previous = entry.Plan;
            entry.Plan = plan;
            if (!byName.TryGetValue(name, out var changes) || changes.Links.Count == 0) continue;
            var overrides = OverridesOf(name);
            _status.Tell(new StatusTracker.Revise(name, ExpectedLinks.Of(plan, started: true, overrides, DateTimeOffset.UtcNow),
                changes.Links.Where(l => l.Kind == LinkChangeKind.Remake && !l.IsRemoved).Select(l => l.Id).ToHashSet()));
            work.Add(ReconfigureAsync(entry.Actor, new ContainerActor.Reconfigure(plan, changes), name, m.Timeout));
            _log.Debug("{0}: re-planned ({1} -> {2} link(s))", name, previous.Links.Count, plan.Links.Count);
        }
        foreach (var line in diff.Lines()) _log.Info("apply: {0}", line);
        TraceExtension.Get(Context.System).Event(Self.Path.ToStringWithoutAddress(), "apply", null, null, diff.Summary);
        var replyTo = Sender;
        Task.WhenAll(work).PipeTo(Self,
            success: done => new ReplanDone(diff, done.SelectMany(d => d.Failures.Select(f => $"{d.Container}: {f}")).ToList(), replyTo),
            failure: e => new ReplanDone(diff, [e.GetBaseException().Message], replyTo));
    }

    /// <summary>One container's part of an apply; one that does not finish in time is a failure naming it, not the whole apply's.</summary>
    private static async Task<ContainerActor.Reconfigured> ReconfigureAsync(IActorRef actor, ContainerActor.Reconfigure request, string name, TimeSpan timeout)
    {
        try
        {
            return await actor.Ask<ContainerActor.Reconfigured>(request, timeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return new ContainerActor.Reconfigured(name, [$"not finished within {timeout.TotalSeconds:0.#} s; it goes on in the background"]);
        }
    }

    private void OnChangeLink(ChangeLinkRequest m)
    {
        var running = _containers.Values.Where(e => e.Running).ToList();
        var (target, error) = LinkTarget.Resolve(m.Target, running.Select(e => e.Plan.Container));
        if (target is null)
        {
            Sender.Tell(new ControlResult(ControlOutcome.NotFound, error!));
            return;
        }
        var entry = running.First(e => e.Plan.Container.Id == target.Container.Id);
        var link = entry.Plan.Links.FirstOrDefault(l => l.Dev == target.Dev);
        if (link is null)
        {
            Sender.Tell(new ControlResult(ControlOutcome.NotFound,
                $"{target.Container.Name} has no link {target.Dev} (its links: {string.Join(", ", entry.Plan.Links.Select(l => l.Dev))})"));
            return;
        }
        var current = _overrides.TryGetValue(target.Container.Name, out var byDev) && byDev.TryGetValue(link.Dev, out var o) ? o : LinkOverride.None;
        entry.Actor.Tell(new ContainerActor.ChangeLink(link.Id, m.Change, current.After(m.Change, DateTimeOffset.UtcNow), Sender));
    }

    private void OnLinkChanged(ContainerActor.LinkChanged m)
    {
        if (m.Result.Succeeded)
        {
            if (!_overrides.TryGetValue(m.ContainerName, out var byDev)) _overrides[m.ContainerName] = byDev = new(StringComparer.Ordinal);
            if (m.After.IsNone) byDev.Remove(m.Dev);
            else byDev[m.Dev] = m.After;
            if (byDev.Count == 0) _overrides.Remove(m.ContainerName);
            var linkId = $"{m.ContainerName}:{m.Dev}";
            _status.Tell(new StatusTracker.Overridden(m.ContainerName, linkId, m.After));
            TraceExtension.Get(Context.System).Event(Self.Path.ToStringWithoutAddress(),
                m.Change is LinkChange.Down or LinkChange.Up ? "link-state" : "netem", m.ContainerName, linkId, m.Change.Verb + " (set by user)");
        }
        m.ReplyTo.Tell(m.Result);
    }

    private void OnDied(string containerId)
    {
        NoLongerCreated(containerId, "exited");
        if (!_containers.TryGetValue(containerId, out var entry) || !entry.Running) return;
        entry.Running = false;
        _log.Info("{0}: died, removing its links", entry.Plan.Container.Name);
        TraceExtension.Get(Context.System).Event(Self.Path.ToStringWithoutAddress(), "container-stop", entry.Plan.Container.Name, null, "died, removing its links");
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
        foreach (var (id, created) in _created.ToList())
            if (created.Runtime == m.Runtime && !m.CreatedIds.Contains(id) && !m.RunningIds.Contains(id)) NoLongerCreated(id, "gone");
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


    /// <summary>
    /// Unique per actor: a container started again right after its idle actor was told to stop
    /// gets a new actor while the old one may still hold its name.
    /// </summary>
    private static string ChildName(ContainerIdentity container, long number) =>
        Uri.EscapeDataString($"{container.Name}-{container.Id[..Math.Min(12, container.Id.Length)]}-{number}");
}
