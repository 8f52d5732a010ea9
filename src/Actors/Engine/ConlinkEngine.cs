using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Conlink.Actors.Metrics;
using Conlink.Actors.Ports;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using HoconConfig = Akka.Configuration.Config;

namespace Conlink.Actors.Engine;

/// <summary>
/// A running conlink engine: its actor system, the supervisor, the driver and the trace. Start it,
/// ask it for status, and stop it (which removes every link, tunnel and bridge it made, through
/// Akka's coordinated shutdown; see <see cref="EngineShutdown"/>). Disposing without stopping is a
/// crash as far as the kernel can tell: everything stays.
/// </summary>
public sealed class ConlinkEngine : IAsyncDisposable
{
    /// <summary>
    /// Only a stop runs the shutdown phases; terminating the actor system must not, or a crash
    /// (disposing without stopping) would clean up after itself.
    /// </summary>
    private static readonly HoconConfig TerminateIsACrash =
        ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-actor-system-terminate = off");

    private readonly ActorSystem _system;
    private readonly INetworkDriver _driver;
    private readonly EngineShutdown _shutdown;
    private int _disposed;

    private ConlinkEngine(ActorSystem system, IActorRef supervisor, INetworkDriver driver, EngineShutdown shutdown)
    {
        _system = system;
        Supervisor = supervisor;
        _driver = driver;
        _shutdown = shutdown;
    }

    public ActorSystem System => _system;

    /// <summary>The root actor; tests and the status server talk to it.</summary>
    public IActorRef Supervisor { get; }

    public Task WhenTerminated => _system.WhenTerminated;

    /// <summary>Why the engine shut down (or is shutting down); null while it runs.</summary>
    public CoordinatedShutdown.Reason? StopReason => CoordinatedShutdown.Get(_system).ShutdownReason;

    /// <param name="trace">Where actor messages and kernel operations are traced; none by default.</param>
    /// <param name="setups">More for the actor system, such as where the host's logger writes.</param>
    /// <param name="events">Where events (<see cref="TraceKind.Event"/>) go besides the trace: the running conlink's event log.</param>
    public static ConlinkEngine Start(EngineDependencies dependencies, HoconConfig hocon, ITraceSink? trace = null, IEnumerable<Setup>? setups = null,
        ITraceSink? events = null)
    {
        var settings = EngineSettings.From(hocon);
        var setup = ActorSystemSetup.Create([BootstrapSetup.Create().WithConfig(TerminateIsACrash.WithFallback(hocon)), .. setups ?? []]);
        var system = ActorSystem.Create("conlink", setup);
        var sink = trace ?? NullTraceSink.Instance;
        TraceExtension.Get(system).Use(sink);
        if (events is not null) TraceExtension.Get(system).UseEvents(events);
        MetricsExtension.Get(system).Use(dependencies.Metrics);
        var scheduler = new DispatcherTaskScheduler(system.Dispatchers.Lookup("conlink.netlink-dispatcher"));
        var driverSink = system.Log.IsDebugEnabled ? new LoggingTraceSink(sink, Akka.Event.Logging.GetLogger(system, "kernel")) : sink;
        var driver = dependencies.Network(new NetworkContext(scheduler, driverSink) { Metrics = dependencies.Metrics });
        var supervisor = system.ActorOf(ConlinkSupervisor.Props(dependencies, driver, settings), "conlink");
        return new ConlinkEngine(system, supervisor, driver, EngineShutdown.Register(system, supervisor));
    }

    public Task<StatusTracker.Snapshot> StatusAsync(TimeSpan timeout) =>
        Supervisor.Ask<StatusTracker.Snapshot>(new StatusTracker.GetStatus(), timeout);

    /// <summary>A user's change of one running link (<c>conlink link down|up</c>, <c>conlink netem set|reset</c>).</summary>
    public Task<Control.ControlResult> ChangeLinkAsync(string target, Control.LinkChange change, TimeSpan timeout) =>
        Supervisor.Ask<Control.ControlResult>(new Containers.ContainerManager.ChangeLinkRequest(target, change), timeout);

    /// <summary>Re-applies a configuration to the running containers (<c>conlink apply</c>); with <paramref name="dryRun"/> only computes the difference.</summary>
    public Task<Containers.ContainerManager.Replanned> ApplyAsync(Config.Model.NetworkConfig config,
        Func<Config.Planning.ContainerIdentity, Config.Planning.ContainerPlan> plan, bool dryRun, TimeSpan timeout) =>
        Supervisor.Ask<Containers.ContainerManager.Replanned>(new ConlinkSupervisor.ApplyConfig(config, plan, dryRun, timeout), timeout + TimeSpan.FromSeconds(1));

    /// <summary>
    /// Removes every link, tunnel and bridge conlink made, then terminates the actor system and
    /// closes the driver. Returns the bridges deleted; throws when a step failed.
    /// </summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await CoordinatedShutdown.Get(_system).Run(EngineShutdown.StopReason.Instance).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
        return await _shutdown.DeletedBridges.ConfigureAwait(false);
    }

    /// <summary>Stops the engine without removing anything (a crash, as far as the kernel can tell).</summary>
    public async ValueTask DisposeAsync()
    {
        await _system.Terminate().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // Kernel work the actors started may still be running: the driver waits for it before it closes.
        if (_driver is IAsyncDisposable asyncDriver) await asyncDriver.DisposeAsync().ConfigureAwait(false);
        else (_driver as IDisposable)?.Dispose();
    }
}
