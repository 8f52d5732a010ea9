using Akka.Actor;
using Conlink.Actors.Network;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using HoconConfig = Akka.Configuration.Config;

namespace Conlink.Actors.Engine;

/// <summary>
/// A running conlink engine: its actor system, the supervisor, and the trace. Start it, ask it
/// for status, and shut it down (which removes every link and bridge it made).
/// </summary>
public sealed class ConlinkEngine : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly IActorRef _supervisor;
    private readonly JsonLinesTraceSink? _trace;
    private readonly INetworkDriver _driver;

    private ConlinkEngine(ActorSystem system, IActorRef supervisor, JsonLinesTraceSink? trace, INetworkDriver driver)
    {
        _system = system;
        _supervisor = supervisor;
        _trace = trace;
        _driver = driver;
    }

    public ActorSystem System => _system;

    /// <summary>The root actor; tests and the status server talk to it.</summary>
    public IActorRef Supervisor => _supervisor;

    public Task WhenTerminated => _system.WhenTerminated;

    public static ConlinkEngine Start(EngineDependencies dependencies, HoconConfig hocon)
    {
        var settings = EngineSettings.From(hocon);
        var trace = settings.TraceFile is { } path ? JsonLinesTraceSink.Open(path) : null;
        var system = ActorSystem.Create("conlink", hocon);
        var sink = (ITraceSink?)trace ?? NullTraceSink.Instance;
        TraceExtension.Get(system).Use(sink);
        var scheduler = new DispatcherTaskScheduler(system.Dispatchers.Lookup("conlink.netlink-dispatcher"));
        var driverSink = system.Log.IsDebugEnabled ? new LoggingTraceSink(sink, Akka.Event.Logging.GetLogger(system, "kernel")) : sink;
        var driver = dependencies.Network(new NetworkContext(scheduler, driverSink));
        var supervisor = system.ActorOf(ConlinkSupervisor.Props(dependencies, driver, settings), "conlink");
        return new ConlinkEngine(system, supervisor, trace, driver);
    }

    public Task<StatusTracker.Snapshot> StatusAsync(TimeSpan timeout) =>
        _supervisor.Ask<StatusTracker.Snapshot>(new StatusTracker.GetStatus(), timeout);

    /// <summary>Removes every link and bridge conlink made, then stops the actor system.</summary>
    public async Task<ConlinkSupervisor.ShutdownComplete> ShutdownAsync(TimeSpan timeout)
    {
        try
        {
            return await _supervisor.Ask<ConlinkSupervisor.ShutdownComplete>(new ConlinkSupervisor.Shutdown(), timeout).ConfigureAwait(false);
        }
        finally
        {
            await _system.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the engine without removing anything (a crash, as far as the kernel can tell).</summary>
    public async ValueTask DisposeAsync()
    {
        await _system.Terminate().ConfigureAwait(false);
        (_driver as IDisposable)?.Dispose();
        if (_trace is not null) await _trace.DisposeAsync().ConfigureAwait(false);
    }
}
