using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Conlink.Actors.Bridges;
using Conlink.Actors.Containers;
using Conlink.Actors.Docker;
using Conlink.Actors.Kernel;
using Conlink.Actors.Tunnels;
using Conlink.Actors.Network;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;

namespace Conlink.Actors.Engine;

/// <summary>
/// Root of the engine: owns the status tracker, the bridge and container managers and one
/// watcher per container runtime (each under a backoff supervisor, so a lost connection
/// reconnects with growing delays). On <see cref="Shutdown"/> it tears everything down in order.
/// </summary>
public sealed class ConlinkSupervisor : TracedActor
{
    public sealed record Shutdown;

    /// <summary>From the container manager after it restarted empty-handed: have every runtime list its containers again.</summary>
    public sealed record ResyncRuntimes;
    public sealed record ShutdownComplete(IReadOnlyList<string> DeletedBridges);

    private static readonly TimeSpan ShutdownStepTimeout = TimeSpan.FromSeconds(60);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly EngineDependencies _dependencies;
    private readonly INetworkDriver _driver;
    private readonly EngineSettings _settings;
    private readonly List<IActorRef> _watchers = new();
    private IActorRef _status = ActorRefs.Nobody;
    private IActorRef _bridges = ActorRefs.Nobody;
    private IActorRef _containers = ActorRefs.Nobody;
    private IActorRef _tunnels = ActorRefs.Nobody;
    private IActorRef _interfaces = ActorRefs.Nobody;

    public ConlinkSupervisor(EngineDependencies dependencies, INetworkDriver driver, EngineSettings settings)
    {
        _dependencies = dependencies;
        _driver = driver;
        _settings = settings;

        Receive<StatusTracker.GetStatus>(m => _status.Forward(m));
        Receive<Shutdown>(_ => BeginShutdown());
        Receive<ResyncRuntimes>(_ =>
        {
            _status.Tell(new StatusTracker.Resyncing(_dependencies.Runtimes.Select(r => r.Name).ToList()));
            foreach (var watcher in _watchers) watcher.Tell(new DockerWatcher.Resync());
        });
    }

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

        _status = Context.ActorOf(StatusTracker.Props(runtimeNames, config.Tunnels.Select(TunnelActor.PlannedStatus), _settings.ProgressInterval), "status");
        _bridges = Context.ActorOf(BridgeManager.Props(_driver), "bridges");
        // Configured bridges exist from the start, as in the original, so the first link does not wait for one.
        foreach (var bridge in config.Bridges.Values) _bridges.Tell(new BridgeManager.EnsureBridge(bridge));
        _containers = Context.ActorOf(ContainerManager.Props(_dependencies.Plan, _driver, _bridges, _status, runtimeNames,
            _settings.AttachTimeout), "containers");
        _tunnels = Context.ActorOf(TunnelSupervisor.Props(config.Tunnels, _driver, _bridges, _status, _settings), "tunnels");
        _interfaces = Context.ActorOf(BackoffSupervisor.Props(Backoff.OnFailure(InterfaceWatcher.Props(_driver), "watcher",
            _settings.ReconnectMinBackoff, _settings.ReconnectMaxBackoff, _settings.ReconnectRandomFactor, -1)), "interfaces");
        foreach (var runtime in _dependencies.Runtimes)
        {
            var watcher = BackoffSupervisor.Props(Backoff.OnFailure(DockerWatcher.Props(runtime, _containers), "watcher",
                    _settings.ReconnectMinBackoff, _settings.ReconnectMaxBackoff, _settings.ReconnectRandomFactor, -1)
                .WithAutoReset(TimeSpan.FromSeconds(30)));
            _watchers.Add(Context.ActorOf(watcher, Uri.EscapeDataString(runtime.Name)));
        }
    }

    private void BeginShutdown()
    {
        _log.Info("shutting down: removing links and bridges");
        foreach (var watcher in _watchers) Context.Stop(watcher);
        Context.Stop(_interfaces);
        var containers = _containers;
        var tunnels = _tunnels;
        var bridges = _bridges;
        ShutdownAsync(containers, tunnels, bridges).PipeTo(Sender);
    }

    private static async Task<ShutdownComplete> ShutdownAsync(IActorRef containers, IActorRef tunnels, IActorRef bridges)
    {
        await containers.Ask<ContainerManager.AllStopped>(new ContainerManager.StopAll(), ShutdownStepTimeout).ConfigureAwait(false);
        await tunnels.Ask<TunnelSupervisor.AllDeleted>(new TunnelSupervisor.DeleteAll(), ShutdownStepTimeout).ConfigureAwait(false);
        var deleted = await bridges.Ask<BridgeManager.AllDeleted>(new BridgeManager.DeleteAll(), ShutdownStepTimeout).ConfigureAwait(false);
        return new ShutdownComplete(deleted.Bridges);
    }
}
