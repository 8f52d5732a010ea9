using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Conlink.Actors.Bridges;
using Conlink.Actors.Containers;
using Conlink.Actors.Interfaces;
using Conlink.Actors.Ports;
using Conlink.Actors.Runtimes;
using Conlink.Actors.Spans;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using Conlink.Actors.Tunnels;
using Conlink.Config.Model;

namespace Conlink.Actors.Engine;

/// <summary>
/// Root of the engine: owns the status tracker, the bridge and container managers and one
/// watcher per container runtime (each under a backoff supervisor, so a lost connection
/// reconnects with growing delays). It takes part in Akka's coordinated shutdown (see
/// <see cref="EngineShutdown"/>): each phase asks it for one step, and it hands the step to the
/// child that owns it. A child that stops for good (its supervisor gave up restarting it) is an
/// error the engine cannot run on without: it is logged and the engine shuts down, failed.
/// </summary>
public sealed class ConlinkSupervisor : TracedActor
{
    /// <summary>Shutdown, first step: stop following runtimes and the bridge namespace; answered with <see cref="Done"/>.</summary>
    public sealed record StopWatching;

    /// <summary>Shutdown: remove every container's links; answered with <see cref="ContainerManager.AllStopped"/>.</summary>
    public sealed record RemoveContainerLinks;

    /// <summary>Shutdown: remove every tunnel; answered with <see cref="Deletions"/>.</summary>
    public sealed record RemoveTunnels;

    /// <summary>Shutdown: remove every spanned bridge's vxlan; answered with <see cref="Deletions"/>.</summary>
    public sealed record RemoveSpans;

    /// <summary>Shutdown, last step: delete every bridge; answered with <see cref="Deletions"/>.</summary>
    public sealed record RemoveBridges;

    /// <summary>
    /// Re-apply a configuration (<c>conlink apply</c>, SIGHUP): re-plan the running containers and
    /// change only what differs; answered with <see cref="ContainerManager.Replanned"/>.
    /// </summary>
    public sealed record ApplyConfig(NetworkConfig Config, Func<Config.Planning.ContainerIdentity, Config.Planning.ContainerPlan> Plan, bool DryRun, TimeSpan Timeout);

    private sealed record Applied(ApplyConfig Request, ContainerManager.Replanned Reply, IActorRef ReplyTo, DateTime Deadline);
    private sealed record Finished(ApplyConfig Request, ContainerManager.Replanned Reply, IActorRef ReplyTo);

    private NetworkConfig _config;
    /// <summary>The current planner: the container manager reads it through a delegate, so one that restarts after an apply plans with the applied config.</summary>
    private volatile Func<Config.Planning.ContainerIdentity, Config.Planning.ContainerPlan> _plan;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly EngineDependencies _dependencies;
    private readonly INetworkDriver _driver;
    private readonly EngineSettings _settings;
    private readonly Dictionary<IActorRef, string> _children = new();
    private readonly List<IActorRef> _watchers = new();
    private IActorRef _status = ActorRefs.Nobody;
    private IActorRef _bridges = ActorRefs.Nobody;
    private IActorRef _containers = ActorRefs.Nobody;
    private IActorRef _tunnels = ActorRefs.Nobody;
    private IActorRef _interfaces = ActorRefs.Nobody;
    private IActorRef _spans = ActorRefs.Nobody;
    /// <summary>The latest cluster view, for a span supervisor that an apply starts later.</summary>
    private ClusterView? _view;
    private bool _stopping;

    public ConlinkSupervisor(EngineDependencies dependencies, INetworkDriver driver, EngineSettings settings)
    {
        _dependencies = dependencies;
        _config = dependencies.Config;
        _plan = dependencies.Plan;
        _driver = driver;
        _settings = settings;

        Receive<StatusTracker.GetStatus>(m => _status.Forward(m));
        Receive<ContainerManager.ChangeLinkRequest>(m => _containers.Forward(m));
        Receive<ApplyConfig>(m =>
        {
            if (_stopping)
            {
                Sender.Tell(new ContainerManager.Replanned(null, new Control.ControlResult(Control.ControlOutcome.Conflict, "conlink is shutting down; nothing was changed")));
                return;
            }
            var replyTo = Sender;
            var deadline = DateTime.UtcNow + m.Timeout;
            // The manager bounds each container's part by the apply's time and always answers, a little after at worst.
            _containers.Ask<ContainerManager.Replanned>(new ContainerManager.Replan(_config, m.Config, m.Plan, m.DryRun, m.Timeout), m.Timeout + LastStepFloor)
                .PipeTo(Self, success: r => new Applied(m, r, replyTo, deadline),
                    failure: e => new Applied(m, new ContainerManager.Replanned(null, new Control.ControlResult(Control.ControlOutcome.KernelRefused, e.GetBaseException().Message)), replyTo, deadline));
        });
        Receive<Applied>(m =>
        {
            if (m.Request.DryRun || m.Reply.Diff is not { } diff)
            {
                m.ReplyTo.Tell(m.Reply);
                return;
            }
            _config = m.Request.Config;
            _plan = m.Request.Plan;
            ApplySpans(_config);
            FinishApplyAsync(diff, m.Deadline).PipeTo(Self,
                success: failures => new Finished(m.Request, WithFailures(m.Reply, failures), m.ReplyTo),
                failure: e => new Finished(m.Request, WithFailures(m.Reply, [e.GetBaseException().Message]), m.ReplyTo));
        });
        Receive<Finished>(m => m.ReplyTo.Tell(m.Reply));
        Receive<ContainerManager.Restarted>(_ =>
        {
            _status.Tell(new StatusTracker.Resyncing(_dependencies.Runtimes.Select(r => r.Name).ToList()));
            foreach (var watcher in _watchers) watcher.Tell(new RuntimeWatcher.Resync());
        });
        Receive<StopWatching>(_ =>
        {
            _stopping = true;
            _log.Info("shutting down: removing links and bridges");
            foreach (var watcher in _watchers) Context.Stop(watcher);
            Context.Stop(_interfaces);
            Sender.Tell(Done.Instance);
        });
        Receive<RemoveContainerLinks>(_ => _containers.Forward(new ContainerManager.StopAll()));
        Receive<RemoveTunnels>(_ => _tunnels.Forward(new TunnelSupervisor.DeleteAll()));
        // A tunnel or span supervisor restarted after a fault makes what is declared now, not what conlink started with.
        Receive<TunnelSupervisor.Restarted>(_ => Sender.Tell(new TunnelSupervisor.Adopt(_config.Tunnels)));
        Receive<SpanSupervisor.Restarted>(_ => Sender.Tell(new SpanSupervisor.Adopt(_config, _view)));
        Receive<RemoveSpans>(_ =>
        {
            if (_spans.IsNobody()) Sender.Tell(Deletions.None);
            else _spans.Forward(new SpanSupervisor.DeleteAll());
        });
        // The cluster as this member sees it (cluster mode): the spans follow it.
        Receive<ClusterView>(v =>
        {
            _view = v;
            _spans.Tell(v);
        });
        Receive<RemoveBridges>(_ => _bridges.Forward(new BridgeManager.DeleteAll()));
        Receive<Terminated>(m => OnChildTerminated(m.ActorRef));
    }

    /// <summary>
    /// What an apply does once the containers' links are changed (so the links leaving a bridge are
    /// gone): tunnels removed are deleted and added ones made, then bridges no longer declared are deleted.
    /// </summary>
    private async Task<IReadOnlyList<string>> FinishApplyAsync(Config.Planning.PlanDiff diff, DateTime deadline)
    {
        var failures = new List<string>();
        if (diff.TunnelsAdded.Count > 0 || diff.TunnelsRemoved.Count > 0)
        {
            var changed = await LastStepAsync<TunnelSupervisor.Changed>(_tunnels, new TunnelSupervisor.Change(diff.TunnelsRemoved, diff.TunnelsAdded), deadline)
                .ConfigureAwait(false);
            failures.AddRange(changed?.Failures ?? ["tunnels: not finished in time; the change goes on in the background"]);
        }
        if (diff.BridgesRemoved.Count > 0)
        {
            var deleted = await LastStepAsync<Deletions>(_bridges, new BridgeManager.DeleteBridges(diff.BridgesRemoved), deadline).ConfigureAwait(false);
            failures.AddRange(deleted?.Failures ?? ["bridges: not finished in time; the deletion goes on in the background"]);
        }
        return failures;
    }

    /// <summary>The least time an apply's later steps get, even when the containers used all of it.</summary>
    private static readonly TimeSpan LastStepFloor = TimeSpan.FromSeconds(2);

    /// <summary>A later step of an apply, within what is left of its time (at least the floor); null when it did not answer in time.</summary>
    private static async Task<T?> LastStepAsync<T>(IActorRef actor, object request, DateTime deadline) where T : class
    {
        var left = deadline - DateTime.UtcNow;
        try
        {
            return await actor.Ask<T>(request, left > LastStepFloor ? left : LastStepFloor).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private static ContainerManager.Replanned WithFailures(ContainerManager.Replanned reply, IReadOnlyList<string> failures) =>
        failures.Count == 0 ? reply
            : reply with
            {
                Result = new Control.ControlResult(Control.ControlOutcome.KernelRefused,
                    (reply.Result.Succeeded ? "applied with" : reply.Result.Message + ";") + $" {failures.Count} failure(s): {string.Join("; ", failures)}"),
            };

    public static Props Props(EngineDependencies dependencies, INetworkDriver driver, EngineSettings settings) =>
        Akka.Actor.Props.Create(() => new ConlinkSupervisor(dependencies, driver, settings));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), localOnlyDecider: _ => Directive.Restart);

    protected override void PreStart()
    {
        var config = _dependencies.Config;
        var runtimeNames = _dependencies.Runtimes.Select(r => r.Name).ToList();
        _log.Info("planned: {0} bridge(s), {1} tunnel(s), {2} service(s), {3} container(s); following {4}",
            config.Bridges.Count, config.Tunnels.Count, config.Services.Count, config.Containers.Count, string.Join(", ", runtimeNames));

        var spanned = SpanSupervisor.SpannedBridges(config).ToList();
        _status = Child(StatusTracker.Props(runtimeNames, config.Tunnels.Select(TunnelActor.PlannedStatus).Concat(spanned.Select(SpanActor.PlannedStatus)),
            _settings.ProgressInterval), "status", "the status tracker");
        _bridges = Child(BridgeManager.Props(_driver, _settings.AttachTimeout), "bridges", "the bridge manager");
        // Configured bridges exist from the start, as in the original, so the first link does not wait for one.
        foreach (var bridge in config.Bridges.Values) _bridges.Tell(new BridgeManager.EnsureBridge(bridge));
        _containers = Child(ContainerManager.Props(container => _plan(container), _driver, _bridges, _status, runtimeNames, _settings.AttachTimeout),
            "containers", "the container manager");
        _tunnels = Child(TunnelSupervisor.Props(config.Tunnels, _driver, _bridges, _status, _settings), "tunnels", "the tunnel supervisor");
        if (spanned.Count > 0)
            _spans = Child(SpanSupervisor.Props(config, _driver, _bridges, _status, _settings), "spans", "the span supervisor");
        _interfaces = Child(BackoffSupervisor.Props(Backoff.OnFailure(InterfaceWatcher.Props(_driver), "watcher",
            _settings.ReconnectMinBackoff, _settings.ReconnectMaxBackoff, _settings.ReconnectRandomFactor, -1)), "interfaces", "the interface watcher");
        foreach (var runtime in _dependencies.Runtimes)
        {
            var watcher = BackoffSupervisor.Props(Backoff.OnFailure(RuntimeWatcher.Props(runtime, _containers, _settings), "watcher",
                    _settings.ReconnectMinBackoff, _settings.ReconnectMaxBackoff, _settings.ReconnectRandomFactor, -1)
                .WithAutoReset(TimeSpan.FromSeconds(30)));
            _watchers.Add(Child(watcher, Uri.EscapeDataString(runtime.Name), $"the {runtime.Name} watcher"));
        }
    }

    /// <summary>An apply's spans: the span supervisor follows them; the first bridge that spans the cluster starts it.</summary>
    private void ApplySpans(NetworkConfig config)
    {
        if (!_spans.IsNobody())
        {
            _spans.Tell(new SpanSupervisor.Reconfigure(config));
            return;
        }
        if (!SpanSupervisor.SpannedBridges(config).Any()) return;
        _spans = Child(SpanSupervisor.Props(config, _driver, _bridges, _status, _settings), "spans", "the span supervisor");
        if (_view is { } view) _spans.Tell(view);
    }

    private IActorRef Child(Props props, string name, string description)
    {
        var child = Context.ActorOf(props, name);
        Context.Watch(child);
        _children[child] = description;
        return child;
    }

    private void OnChildTerminated(IActorRef child)
    {
        if (!_children.Remove(child, out var description) || _stopping) return;
        var reason = $"{description} stopped after failing too often; conlink cannot run on without it";
        _log.Error(reason);
        EngineShutdown.Fail(Context.System, reason);
    }
}
