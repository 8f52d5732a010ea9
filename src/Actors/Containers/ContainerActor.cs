using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Conlink.Actors.Bridges;
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
    public sealed record Start(ContainerPlan Plan, IContainerRuntime Runtime) : ITraced
    {
        public string? Container => Plan.Container.Name;
    }

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

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IEngineMetrics _metrics = MetricsExtension.Of(Context.System);
    private readonly string _containerId;
    private readonly INetworkDriver _driver;
    private readonly IActorRef _bridges;
    private readonly IActorRef _status;
    private readonly TimeSpan _attachTimeout;
    private CancellationTokenSource _cancel = new();
    private ContainerPlan? _plan;
    private IContainerRuntime? _runtime;
    private IContainerNetwork? _network;
    private int _generation;
    private Task<Built>? _building;
    /// <summary>When this start of the container was received: a link's setup time runs from here to its being ready.</summary>
    private long _startedAt;

    public ContainerActor(string containerId, INetworkDriver driver, IActorRef bridges, IActorRef status, TimeSpan attachTimeout)
    {
        _containerId = containerId;
        _driver = driver;
        _bridges = bridges;
        _status = status;
        _attachTimeout = attachTimeout;
        Become(Idling);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(string containerId, INetworkDriver driver, IActorRef bridges, IActorRef status, TimeSpan attachTimeout) =>
        Akka.Actor.Props.Create(() => new ContainerActor(containerId, driver, bridges, status, attachTimeout));

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
        Receive<Stop>(_ =>
        {
            _cancel.Cancel();
            Stash.Stash();
        });
        IgnoreStale();
        ReceiveAny(_ => Stash.Stash());
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
            RepairAsync(name, network, links, ct).PipeTo(Self, success: () => new Repaired(generation), failure: _ => new Repaired(generation));
            Become(Repairing);
        });
        Receive<CommandsDone>(_ => { });
        IgnoreStale();
    }

    private void Repairing()
    {
        Receive<Repaired>(m => m.Generation == _generation, _ =>
        {
            Become(Running);
            Stash.UnstashAll();
        });
        Receive<Stop>(_ =>
        {
            _cancel.Cancel();
            Stash.Stash();
        });
        IgnoreStale();
        ReceiveAny(_ => Stash.Stash());
    }

    private async Task RepairAsync(string name, IContainerNetwork network, IReadOnlyList<LinkPlan> links, CancellationToken ct)
    {
        foreach (var link in links)
        {
            if (ct.IsCancellationRequested) break;
            await BuildLinkAsync(name, network, link, ct, repairing: true).ConfigureAwait(false);
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

    private void IgnoreStale()
    {
        Receive<Built>(m => m.Network?.Dispose());
        Receive<TornDown>(_ => { });
        Receive<CommandsDone>(_ => { });
        Receive<Repaired>(_ => { });
        Receive<Repair>(_ => { });
    }

    private void BeginBuild(Start start)
    {
        _plan = start.Plan;
        _runtime = start.Runtime;
        _startedAt = Stopwatch.GetTimestamp();
        _generation++;
        _cancel = new CancellationTokenSource();
        var generation = _generation;
        _building = BuildAsync(start.Plan, _cancel.Token);
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
        TearDownAsync(_plan!, network).PipeTo(Self, success: () => new TornDown(generation), failure: _ => new TornDown(generation));
        Become(TearingDown);
    }

    private async Task<Built> BuildAsync(ContainerPlan plan, CancellationToken ct)
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
            await BuildLinkAsync(name, network, link, ct).ConfigureAwait(false);
        }
        return new Built(0, network, null);
    }

    private async Task BuildLinkAsync(string name, IContainerNetwork network, LinkPlan link, CancellationToken ct, bool repairing = false)
    {
        if (!repairing) _status.Tell(new StatusTracker.Update(name, link.Id, LinkState.Creating));
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await network.ApplyAsync(link, ct).ConfigureAwait(false);
            if (link.Bridge is { } bridge && link.OuterDev is { } port)
            {
                var reply = await _bridges.Ask(new BridgeManager.Attach(bridge, port, link.Id), _attachTimeout, ct).ConfigureAwait(false);
                if (reply is BridgeActor.AttachFailed failed) throw new InvalidOperationException(failed.Reason);
            }
            if (link.Forward.Count > 0) await network.ApplyForwardsAsync(link, ct).ConfigureAwait(false);
            _status.Tell(new StatusTracker.Update(name, link.Id, LinkState.Ready));
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

    private async Task TearDownAsync(ContainerPlan plan, IContainerNetwork? network)
    {
        try
        {
            foreach (var link in plan.Links.Reverse())
            {
                if (link.Bridge is { } bridge && link.OuterDev is { } port)
                {
                    try
                    {
                        await _bridges.Ask<BridgeActor.Detached>(new BridgeManager.Detach(bridge, port, link.Id), _attachTimeout).ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        _log.Warning("{0}: detaching {1} from {2}: {3}", plan.Container.Name, port, bridge.Name, e.Message);
                    }
                }
                if (network is not null) await RemoveQuietlyAsync(network, link).ConfigureAwait(false);
            }
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
        RunCommandsAsync(plan, runtime, log).PipeTo(Self, success: () => new CommandsDone(generation), failure: _ => new CommandsDone(generation));
    }

    private static async Task RunCommandsAsync(ContainerPlan plan, IContainerRuntime runtime, ILoggingAdapter log)
    {
        var name = plan.Container.Name;
        foreach (var command in plan.Commands)
        {
            var argv = command.ToArgv();
            try
            {
                var result = await runtime.ExecAsync(plan.Container.Id, argv, CancellationToken.None).ConfigureAwait(false);
                foreach (var line in result.Output) log.Info("  {0}: {1}", name, line);
                log.Info("{0}: command {1} exited with {2}", name, string.Join(' ', argv), result.ExitCode);
            }
            catch (Exception e)
            {
                log.Error("{0}: command {1} could not run: {2}", name, string.Join(' ', argv), e.Message);
            }
        }
    }
}
