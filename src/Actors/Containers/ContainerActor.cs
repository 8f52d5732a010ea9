using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Conlink.Actors.Bridges;
using Conlink.Actors.Control;
using Conlink.Actors.Metrics;
using Conlink.Actors.Ports;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using Conlink.Config.Planning;

namespace Conlink.Actors.Containers;

/// <summary>
/// Carries out the link plans of one container, one link after another, in its network namespace;
/// runs its commands once the links are up; tears the links down when the container dies. One
/// actor lives per container id across restarts, so a teardown and the next build never overlap.
/// </summary>
public sealed class ContainerActor : TracedActor, IWithStash
{
    /// <param name="Overrides">The user's overrides of this container's links, by dev (kept across restarts).</param>
    public sealed record Start(ContainerPlan Plan, IContainerRuntime Runtime, IReadOnlyDictionary<string, LinkOverride>? Overrides = null) : ITraced
    {
        public string? Container => Plan.Container.Name;
    }

    /// <summary>Carry out a user's change of one link; answered to the parent with <see cref="LinkChanged"/>.</summary>
    public sealed record ChangeLink(string LinkId, LinkChange Change, LinkOverride After, IActorRef ReplyTo) : ITraced
    {
        public string? Container => LinkId.Split(':')[0];
        public string? Link => LinkId;
    }

    /// <summary>To the parent: how a <see cref="ChangeLink"/> went; <see cref="After"/> holds only when it succeeded.</summary>
    public sealed record LinkChanged(string ContainerName, string Dev, LinkChange Change, LinkOverride After, ControlResult Result, IActorRef ReplyTo);

    public sealed record Stop(string Name) : ITraced
    {
        public string? Container => Name;
    }

    /// <summary>Some of this container's links may have been removed behind conlink's back: apply them again.</summary>
    public sealed record Repair(IReadOnlyList<string> LinkIds);

    /// <summary>To the parent: the links are torn down and nothing is running.</summary>
    public sealed record Idle(string ContainerId);

    /// <summary>To the parent: this actor was restarted after a fault and needs its plan again.</summary>
    public sealed record Restarted(string ContainerId);

    private sealed record Built(int Generation, IContainerNetwork? Network, string? Error);
    private sealed record Repaired(int Generation);
    private sealed record TornDown(int Generation);
    private sealed record CommandsDone(int Generation);
    private sealed record Changed(int Generation, LinkChanged Reply);
    private sealed record ReconfigureDone(int Generation, ContainerPlan Plan, Reconfigured Reply, IActorRef ReplyTo);
    /// <summary>A link was reported ready: the optional settings the kernel did not take (kept for an up after a down).</summary>
    private sealed record NotAppliedSeen(int Generation, string LinkId, IReadOnlyList<string> NotApplied);

    /// <summary>
    /// A re-applied configuration: carry out <paramref name="Diff"/> (links removed, added, changed
    /// in place or re-made) and run on <paramref name="Plan"/>; links not in the diff are not
    /// touched. Answered with <see cref="Reconfigured"/>.
    /// </summary>
    public sealed record Reconfigure(ContainerPlan Plan, ContainerDiff Diff) : ITraced
    {
        public string? Container => Plan.Container.Name;
    }

    public sealed record Reconfigured(string Container, IReadOnlyList<string> Failures);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IEngineMetrics _metrics = MetricsExtension.Of(Context.System);
    private readonly string _containerId;
    private readonly INetworkDriver _driver;
    private readonly IActorRef _bridges;
    private readonly IActorRef _status;
    /// <summary>This actor, for the kernel work that runs off it (Self is only known on the actor's thread).</summary>
    private readonly IActorRef _self;
    private readonly TimeSpan _attachTimeout;
    private readonly TimeSpan _commandNotice;
    private CancellationTokenSource _cancel = new();
    private ContainerPlan? _plan;
    private IContainerRuntime? _runtime;
    private IContainerNetwork? _network;
    private int _generation;
    private Task<Built>? _building;
    private IReadOnlyDictionary<string, LinkOverride> _overrides = new Dictionary<string, LinkOverride>();
    /// <summary>Per link id, the optional settings not applied when it was last made (an up after a down does not redo them).</summary>
    private readonly Dictionary<string, IReadOnlyList<string>> _notApplied = new(StringComparer.Ordinal);
    /// <summary>When this start of the container was received: a link's setup time runs from here to its being ready.</summary>
    private long _startedAt;

    /// <summary>How long a command runs before it is logged as still running (then at doubling intervals).</summary>
    public static readonly TimeSpan DefaultCommandNotice = TimeSpan.FromSeconds(10);

    public ContainerActor(string containerId, INetworkDriver driver, IActorRef bridges, IActorRef status, TimeSpan attachTimeout, TimeSpan commandNotice)
    {
        _commandNotice = commandNotice;
        _containerId = containerId;
        _driver = driver;
        _bridges = bridges;
        _status = status;
        _attachTimeout = attachTimeout;
        _self = Self;
        Become(Idling);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(string containerId, INetworkDriver driver, IActorRef bridges, IActorRef status, TimeSpan attachTimeout,
        TimeSpan? commandNotice = null)
    {
        var notice = commandNotice ?? DefaultCommandNotice;
        return Akka.Actor.Props.Create(() => new ContainerActor(containerId, driver, bridges, status, attachTimeout, notice));
    }

    protected override void PostRestart(Exception reason)
    {
        _log.Warning("{0}: restarted after a fault ({1}); reconciling its links", _containerId, reason.Message);
        Context.Parent.Tell(new Restarted(_containerId));
    }

    protected override void PostStop()
    {
        _cancel.Cancel();
        _cancel.Dispose();
        _network?.Dispose();
        _network = null;
        // A build still running when the actor stops hands its network to nobody: close it when it is done.
        _building?.ContinueWith(static t =>
        {
            if (t.IsCompletedSuccessfully) t.Result.Network?.Dispose();
        }, TaskScheduler.Default);
    }

    private void Idling()
    {
        Receive<Start>(BeginBuild);
        Receive<Stop>(_ => Context.Parent.Tell(new Idle(_containerId)));
        Receive<ChangeLink>(m => Context.Parent.Tell(new LinkChanged(m.LinkId.Split(':')[0], "", m.Change, m.After,
            new ControlResult(ControlOutcome.Conflict, $"{m.LinkId}: the container is not running; nothing was changed"), m.ReplyTo)));
        Receive<Reconfigure>(m => Sender.Tell(new Reconfigured(m.Plan.Container.Name, [])));
        IgnoreStale();
    }

    private void Building()
    {
        Receive<Built>(m => m.Generation == _generation, m =>
        {
            _building = null;
            _network = m.Network;
            if (m.Error is not null) _log.Error("{0}: {1}", _plan!.Container.Name, m.Error);
            Become(Running);
            Stash.UnstashAll();
            RunCommands();
        });
        WhileBusy();
    }

    private void Running()
    {
        Receive<Start>(m =>
        {
            if (m.Plan.Container.Pid == _plan!.Container.Pid) return;
            Stash.Stash();
            BeginTeardown();
        });
        Receive<Stop>(_ => BeginTeardown());
        Receive<Repair>(m =>
        {
            var links = _plan!.Links.Where(l => m.LinkIds.Contains(l.Id)).ToList();
            if (links.Count == 0 || _network is null) return;
            var generation = _generation;
            var network = _network;
            var name = _plan.Container.Name;
            var ct = _cancel.Token;
            RepairAsync(generation, name, network, links, ct).PipeTo(Self, success: () => new Repaired(generation), failure: e => Logged(e, $"{name}: repairing its links", new Repaired(generation)));
            Become(Repairing);
        });
        Receive<ChangeLink>(m =>
        {
            var link = _plan!.Links.FirstOrDefault(l => l.Id == m.LinkId);
            if (link is null || _network is null)
            {
                Context.Parent.Tell(new LinkChanged(_plan.Container.Name, link?.Dev ?? "", m.Change, m.After,
                    new ControlResult(link is null ? ControlOutcome.NotFound : ControlOutcome.Conflict,
                        link is null ? $"{m.LinkId}: no such link" : $"{m.LinkId}: the container's network is not open; nothing was changed"), m.ReplyTo));
                return;
            }
            var generation = _generation;
            var name = _plan.Container.Name;
            var before = _overrides.TryGetValue(link.Dev, out var o) ? o : LinkOverride.None;
            var notApplied = _notApplied.TryGetValue(link.Id, out var n) ? n : [];
            ChangeAsync(generation, name, _network, link, m.Change, before, m.After, notApplied, _cancel.Token).PipeTo(Self,
                success: result => new Changed(generation, new LinkChanged(name, link.Dev, m.Change, m.After, result, m.ReplyTo)),
                failure: e => new Changed(generation, new LinkChanged(name, link.Dev, m.Change, m.After,
                    new ControlResult(ControlOutcome.KernelRefused, $"{m.LinkId}: {m.Change.Verb} failed: {e.GetBaseException().Message}"), m.ReplyTo)));
            Become(Changing);
        });
        Receive<Reconfigure>(m =>
        {
            if (_network is null)
            {
                _plan = m.Plan;
                Sender.Tell(new Reconfigured(m.Plan.Container.Name, []));
                return;
            }
            var generation = _generation;
            var replyTo = Sender;
            ReconfigureAsync(generation, m.Plan.Container.Name, _network, m.Diff, _overrides, _cancel.Token).PipeTo(Self,
                success: failures => new ReconfigureDone(generation, m.Plan, new Reconfigured(m.Plan.Container.Name, failures), replyTo),
                failure: e => new ReconfigureDone(generation, m.Plan, new Reconfigured(m.Plan.Container.Name, [e.GetBaseException().Message]), replyTo));
            Become(Reconfiguring);
        });
        Receive<CommandsDone>(_ => { });
        IgnoreStale();
    }

    private void Reconfiguring()
    {
        Receive<ReconfigureDone>(m => m.Generation == _generation, m =>
        {
            _plan = m.Plan with { Container = _plan!.Container };
            m.ReplyTo.Tell(m.Reply);
            Become(Running);
            Stash.UnstashAll();
        });
        WhileBusy();
    }

    /// <summary>Removed links go first (freeing names), then re-made ones, in-place changes, and added links.</summary>
    private async Task<IReadOnlyList<string>> ReconfigureAsync(int generation, string name, IContainerNetwork network, ContainerDiff diff,
        IReadOnlyDictionary<string, LinkOverride> overrides, CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var link in diff.Links.Where(l => l.IsRemoved || l.Kind == LinkChangeKind.Remake && !l.IsAdded))
            await DetachAndRemoveAsync(name, network, link.Old!).ConfigureAwait(false);
        foreach (var link in diff.Links.Where(l => !l.IsRemoved))
        {
            if (ct.IsCancellationRequested) break;
            overrides.TryGetValue(link.New!.Dev, out var o);
            if (link.Kind == LinkChangeKind.InPlace)
            {
                try
                {
                    var applied = await network.ReconfigureAsync(Effective(link.Old!, o), Effective(link.New, o), ct).ConfigureAwait(false);
                    _log.Info("{0}: {1} changed in place ({2})", name, link.New.Dev, string.Join(", ", link.Fields));
                    if (applied.Degraded && o is not { Down: true }) ReportReady(generation, name, link.New, applied);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures.Add($"{link.Id}: {e.Message}");
                    _status.Tell(new StatusTracker.Update(name, link.Id, LinkState.Failed, e.Message));
                    _log.Error("{0}: changing {1} in place failed: {2}", name, link.New.Dev, e.Message);
                }
            }
            else await BuildLinkAsync(generation, name, network, link.New, ct).ConfigureAwait(false);
        }
        return failures;
    }

    /// <summary>Takes the link's outer end off its bridge, then removes the link (when the container's network is open).</summary>
    private async Task DetachAndRemoveAsync(string name, IContainerNetwork? network, LinkPlan link)
    {
        if (link.Bridge is { } bridge && link.OuterDev is { } port)
        {
            try
            {
                await _bridges.Ask<BridgeActor.Detached>(new BridgeManager.Detach(bridge, port, link.Id), _attachTimeout).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.Warning("{0}: detaching {1} from {2}: {3}", name, port, bridge.Name, e.Message);
            }
        }
        if (network is not null) await RemoveQuietlyAsync(network, link).ConfigureAwait(false);
    }

    private void Changing()
    {
        Receive<Changed>(m => m.Generation == _generation, m =>
        {
            if (m.Reply.Result.Succeeded)
            {
                // A netem the kernel took replaces one it did not: the link is no longer degraded for it.
                if (m.Reply.Change is LinkChange.SetNetem or LinkChange.ResetNetem && _notApplied.TryGetValue($"{m.Reply.ContainerName}:{m.Reply.Dev}", out var was))
                    _notApplied[$"{m.Reply.ContainerName}:{m.Reply.Dev}"] = was.Where(s => !s.StartsWith("netem ", StringComparison.Ordinal)).ToList();
                var overrides = new Dictionary<string, LinkOverride>(_overrides);
                if (m.Reply.After.IsNone) overrides.Remove(m.Reply.Dev);
                else overrides[m.Reply.Dev] = m.Reply.After;
                _overrides = overrides;
            }
            Context.Parent.Tell(m.Reply);
            Become(Running);
            Stash.UnstashAll();
        });
        WhileBusy();
    }

    /// <summary>
    /// Carries out one change. A kernel that refuses (no netem) leaves the link as it was and is
    /// reported with the kernel's reason; the override is kept only when the change succeeded.
    /// </summary>
    private async Task<ControlResult> ChangeAsync(int generation, string name, IContainerNetwork network, LinkPlan link, LinkChange change,
        LinkOverride before, LinkOverride after, IReadOnlyList<string> notApplied, CancellationToken ct)
    {
        try
        {
            switch (change)
            {
                case LinkChange.Down:
                    await network.SetDownAsync(link, ct).ConfigureAwait(false);
                    _status.Tell(new StatusTracker.Update(name, link.Id, LinkState.Down, UserDownReason));
                    break;
                case LinkChange.Up:
                    var applied = await UpAsync(name, network, Effective(link, after), before, notApplied, ct).ConfigureAwait(false);
                    await network.WaitOperationalAsync(link, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
                    ReportReady(generation, name, link, applied);
                    break;
                case LinkChange.SetNetem set:
                    await network.SetNetemAsync(link, set.Netem.Spec, ct).ConfigureAwait(false);
                    break;
                case LinkChange.ResetNetem:
                    await network.SetNetemAsync(link, link.Netem?.Spec, ct).ConfigureAwait(false);
                    break;
            }
        }
        catch (MissingKernelFeatureException e)
        {
            return new ControlResult(ControlOutcome.KernelRefused, $"{link.Id}: {e.Message}; nothing was changed");
        }
        _log.Info("{0}: {1} {2} (set by user)", name, link.Dev, change.Verb);
        return ControlResult.Done($"{link.Id}: {change.Verb}");
    }

    public const string UserDownReason = "set by user";

    /// <summary>
    /// Brings a link up as <see cref="LinkUpPath"/> decides: after a user's down only the downed end
    /// is set up again (the settings it was made with, and what of them the kernel did not take, are
    /// unchanged); a link not held down, or found broken, is made again.
    /// </summary>
    private async Task<LinkApplied> UpAsync(string name, IContainerNetwork network, LinkPlan link, LinkOverride before, IReadOnlyList<string> notApplied,
        CancellationToken ct)
    {
        var step = LinkUpPath.First(before);
        if (step == LinkUpStep.SetUp)
        {
            step = LinkUpPath.AfterSetUp(await network.SetUpAsync(link, ct).ConfigureAwait(false));
            if (step == LinkUpStep.Done) return new LinkApplied(LinkOutcome.Adopted, notApplied);
            _log.Warning("{0}: {1} is not intact (an end is missing or not this link's); making it again", name, link.Dev);
        }
        return await ApplyAndAttachAsync(network, link, ct).ConfigureAwait(false);
    }

    /// <summary>The link as the user's override wants it: its netem replaced when one is set.</summary>
    private static LinkPlan Effective(LinkPlan link, LinkOverride? o) =>
        o?.Netem is { } netem ? link with { Netem = netem } : link;

    private void Repairing()
    {
        Receive<Repaired>(m => m.Generation == _generation, _ =>
        {
            Become(Running);
            Stash.UnstashAll();
        });
        WhileBusy();
    }

    private async Task RepairAsync(int generation, string name, IContainerNetwork network, IReadOnlyList<LinkPlan> links, CancellationToken ct)
    {
        foreach (var link in links)
        {
            if (ct.IsCancellationRequested) break;
            await BuildLinkAsync(generation, name, network, link, ct, repairing: true).ConfigureAwait(false);
        }
    }

    private void TearingDown()
    {
        Receive<TornDown>(m => m.Generation == _generation, _ =>
        {
            _plan = null;
            Context.Parent.Tell(new Idle(_containerId));
            Become(Idling);
            Stash.UnstashAll();
        });
        IgnoreStale();
        ReceiveAny(_ => Stash.Stash());
    }

    /// <summary>
    /// While kernel work runs: a stop cancels it (and is handled once the work has ended), and
    /// everything else waits for the work to end.
    /// </summary>
    private void WhileBusy()
    {
        Receive<Stop>(_ =>
        {
            _cancel.Cancel();
            Stash.Stash();
        });
        IgnoreStale();
        ReceiveAny(_ => Stash.Stash());
    }

    /// <summary>Work that reports its own failures per link or command failed anyway: say so, and go on as when it ends.</summary>
    private T Logged<T>(Exception e, string what, T done)
    {
        _log.Error("{0} failed: {1}", what, e.GetBaseException().Message);
        return done;
    }

    private void IgnoreStale()
    {
        Receive<NotAppliedSeen>(m =>
        {
            if (m.Generation == _generation) _notApplied[m.LinkId] = m.NotApplied;
        });
        Receive<Built>(m => m.Network?.Dispose());
        Receive<TornDown>(_ => { });
        Receive<CommandsDone>(_ => { });
        Receive<Repaired>(_ => { });
        Receive<Repair>(_ => { });
        Receive<Changed>(m => Context.Parent.Tell(m.Reply));
        Receive<ReconfigureDone>(m => m.ReplyTo.Tell(m.Reply));
    }

    private void BeginBuild(Start start)
    {
        _plan = start.Plan;
        _overrides = start.Overrides ?? new Dictionary<string, LinkOverride>();
        _runtime = start.Runtime;
        _startedAt = Stopwatch.GetTimestamp();
        _generation++;
        _cancel = new CancellationTokenSource();
        var generation = _generation;
        _notApplied.Clear();
        _building = BuildAsync(generation, start.Plan, _cancel.Token);
        _building.PipeTo(Self,
            success: r => r with { Generation = generation },
            failure: e => new Built(generation, null, e.Message));
        Become(Building);
    }

    private void BeginTeardown()
    {
        _cancel.Cancel();
        _generation++;
        var generation = _generation;
        var network = _network;
        _network = null;
        var name = _plan!.Container.Name;
        TearDownAsync(_plan, network).PipeTo(Self, success: () => new TornDown(generation),
            failure: e => Logged(e, $"{name}: removing its links", new TornDown(generation)));
        Become(TearingDown);
    }

    private async Task<Built> BuildAsync(int generation, ContainerPlan plan, CancellationToken ct)
    {
        var name = plan.Container.Name;
        IContainerNetwork network;
        try
        {
            network = await _driver.OpenContainerAsync(plan.Container, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            foreach (var link in plan.Links)
                _status.Tell(new StatusTracker.Update(name, link.Id, LinkState.Failed, e.Message));
            return new Built(0, null, $"cannot enter the container's network namespace: {e.Message}");
        }

        foreach (var link in plan.Links)
        {
            if (ct.IsCancellationRequested) break;
            await BuildLinkAsync(generation, name, network, link, ct).ConfigureAwait(false);
        }
        return new Built(0, network, null);
    }

    private async Task BuildLinkAsync(int generation, string name, IContainerNetwork network, LinkPlan link, CancellationToken ct, bool repairing = false)
    {
        if (link.Problem is { } problem)
        {
            // Nothing is made for it (and so nothing is removed): the container's other links carry on.
            if (!repairing)
            {
                _status.Tell(new StatusTracker.Update(name, link.Id, LinkState.Failed, problem));
                _log.Error("{0}: link {1} failed: {2}", name, link.Dev, problem);
            }
            return;
        }
        if (!repairing) _status.Tell(new StatusTracker.Update(name, link.Id, LinkState.Creating));
        var started = Stopwatch.GetTimestamp();
        _overrides.TryGetValue(link.Dev, out var userOverride);
        try
        {
            var applied = await ApplyAndAttachAsync(network, Effective(link, userOverride), ct).ConfigureAwait(false);
            var outcome = applied.Outcome;
            if (userOverride is { Down: true })
            {
                _self.Tell(new NotAppliedSeen(generation, link.Id, applied.NotApplied));
                await network.SetDownAsync(link, ct).ConfigureAwait(false);
                _status.Tell(new StatusTracker.Update(name, link.Id, LinkState.Down, UserDownReason));
            }
            else ReportReady(generation, name, link, applied);
            if (!repairing) _metrics.LinkSetup(Stopwatch.GetElapsedTime(_startedAt));
            if (repairing && outcome == LinkOutcome.Created)
                _log.Warning("{0}: {1} was removed behind conlink's back; re-created {2}", name, link.Dev, LinkDescription.Of(link));
            else if (!repairing)
                _log.Info("{0}: {1} {2} {3} in {4:F1} ms", name, link.Dev, outcome == LinkOutcome.Created ? "created" : "adopted",
                    LinkDescription.Of(link), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e)
        {
            var reason = e is OperationCanceledException ? "cancelled: the container stopped" : e.Message;
            _status.Tell(new StatusTracker.Update(name, link.Id, LinkState.Failed, reason));
            if (e is not OperationCanceledException) _log.Error("{0}: link {1} failed: {2}", name, link.Dev, reason);
            await RemoveQuietlyAsync(network, link).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The link is up: ready, or ready and degraded, saying which optional settings (netem, an ethtool
    /// entry) the kernel did not take, and warning once each time that is found.
    /// </summary>
    private void ReportReady(int generation, string name, LinkPlan link, LinkApplied applied)
    {
        _self.Tell(new NotAppliedSeen(generation, link.Id, applied.NotApplied));
        var notApplied = string.Join("; ", applied.NotApplied);
        _status.Tell(new StatusTracker.Update(name, link.Id, LinkState.Ready, applied.Degraded ? "degraded: " + notApplied : null));
        if (applied.Degraded)
            _log.Warning("{0}: {1} is degraded: {2}; the link works without {3} (--strict removes such a link)",
                name, link.Dev, notApplied, applied.NotApplied.Count == 1 ? "it" : "them");
    }

    /// <summary>Makes the link as planned, attaches its outer end to its bridge, and adds its forwards.</summary>
    private async Task<LinkApplied> ApplyAndAttachAsync(IContainerNetwork network, LinkPlan link, CancellationToken ct)
    {
        var applied = await network.ApplyAsync(link, ct).ConfigureAwait(false);
        if (link.Bridge is { } bridge && link.OuterDev is { } port)
        {
            var reply = await _bridges.Ask(new BridgeManager.Attach(bridge, port, link.Id), _attachTimeout, ct).ConfigureAwait(false);
            if (reply is BridgeActor.AttachFailed failed) throw new InvalidOperationException(failed.Reason);
        }
        if (link.Forward.Count > 0) await network.ApplyForwardsAsync(link, ct).ConfigureAwait(false);
        return applied;
    }

    private async Task TearDownAsync(ContainerPlan plan, IContainerNetwork? network)
    {
        try
        {
            foreach (var link in plan.Links.Reverse().Where(l => l.Problem is null))
                await DetachAndRemoveAsync(plan.Container.Name, network, link).ConfigureAwait(false);
            _log.Info("{0}: links removed", plan.Container.Name);
        }
        finally
        {
            network?.Dispose();
        }
    }

    private async Task RemoveQuietlyAsync(IContainerNetwork network, LinkPlan link)
    {
        try
        {
            await network.RemoveAsync(link, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log.Warning("{0}: removing {1}: {2}", link.Id, link.Dev, e.Message);
        }
    }

    private void RunCommands()
    {
        var plan = _plan!;
        if (plan.Commands.Count == 0 || _runtime is null) return;
        var runtime = _runtime;
        var generation = _generation;
        var log = _log;
        var ct = _cancel.Token;
        var notice = _commandNotice;
        RunCommandsAsync(plan, runtime, log, notice, ct).PipeTo(Self, success: () => new CommandsDone(generation),
            failure: e => Logged(e, $"{plan.Container.Name}: running its commands", new CommandsDone(generation)));
    }

    /// <summary>
    /// Runs the container's commands, each started in order without waiting for the one before (as
    /// the original does: a server is a fine command). Each is logged with its exit code; its output
    /// at debug, capped. One still running is logged as such after <paramref name="notice"/>, then at
    /// doubling intervals; when the container dies or conlink stops, its output is no longer read.
    /// </summary>
    private static Task RunCommandsAsync(ContainerPlan plan, IContainerRuntime runtime, ILoggingAdapter log, TimeSpan notice, CancellationToken ct) =>
        Task.WhenAll(plan.Commands.Select(command => RunCommandAsync(plan.Container, command.ToArgv(), runtime, log, notice, ct)).ToList());

    private static async Task RunCommandAsync(ContainerIdentity container, IReadOnlyList<string> argv, IContainerRuntime runtime, ILoggingAdapter log,
        TimeSpan notice, CancellationToken ct)
    {
        var name = container.Name;
        var text = string.Join(' ', argv);
        var started = Stopwatch.GetTimestamp();
        var exec = runtime.ExecAsync(container.Id, argv, ct);
        try
        {
            for (var wait = notice; !exec.IsCompleted; wait *= 2)
            {
                var delay = Task.Delay(wait, ct);
                if (await Task.WhenAny(exec, delay).ConfigureAwait(false) == exec) break;
                if (ct.IsCancellationRequested) break;
                log.Info("{0}: command {1} still running after {2:F0} s", name, text, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
            var result = await exec.ConfigureAwait(false);
            foreach (var line in result.Output) log.Debug("  {0}: {1}", name, line);
            if (result.OmittedBytes > 0) log.Debug("  {0}: ({1} more bytes of output not kept)", name, result.OmittedBytes);
            log.Info("{0}: command {1} exited with {2}", name, text, result.ExitCode);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            log.Info("{0}: command {1} no longer followed: the container stopped (after {2:F0} s)", name, text, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e)
        {
            log.Error("{0}: command {1} could not run: {2}", name, text, e.Message);
        }
    }
}
