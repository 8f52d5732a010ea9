using Akka.Actor;
using Conlink.Actors.Engine;
using Conlink.Actors.Metrics;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using Conlink.Config.Planning;
using Conlink.Host.Control;
using Conlink.Host.Control.Routes;
using Conlink.Host.Logging;
using Conlink.Host.Metrics;
using Conlink.Host.Runtimes;
using Conlink.Host.Startup;
using Conlink.Host.Status;
using Conlink.Host.Tracing;
using Conlink.Host.Traffic;
using Conlink.Kernel;

namespace Conlink.Host;

/// <summary>
/// The one way conlink's engine is run, by the command line, the test engine host, the kernel test
/// fixtures and the benchmarks alike. Starting it finds (or creates) the bridge namespace,
/// prepares conlink's Docker interface, checks what the config needs, builds the kernel driver,
/// and starts the engine, the trace file and the control server (status and live changes). Stopping it runs Akka's
/// coordinated shutdown: the engine removes its links, tunnels and bridges (see
/// <see cref="EngineShutdown"/>), the status server closes, the actor system terminates, and the
/// host then closes the trace and deletes the namespace it created.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly ConlinkEngine _engine;
    private readonly BridgeNamespace _bridges;
    private readonly JsonLinesTraceSink? _trace;
    private readonly IReadOnlyList<ControlServer> _servers;
    private readonly LogOutput _log;
    private int _closed;

    private EngineHost(ConlinkEngine engine, BridgeNamespace bridges, JsonLinesTraceSink? trace, IReadOnlyList<ControlServer> servers, LogOutput log,
        TrafficReader traffic, ConlinkMetrics? metrics)
    {
        _engine = engine;
        _bridges = bridges;
        _trace = trace;
        _servers = servers;
        _log = log;
        Traffic = traffic;
        Metrics = metrics;
    }

    /// <summary>Every link's counters, read from the kernel when asked.</summary>
    public TrafficReader Traffic { get; }

    /// <summary>The Prometheus registry, when <see cref="EngineHostOptions.Metrics"/> asked for one.</summary>
    public ConlinkMetrics? Metrics { get; }

    public ConlinkEngine Engine => _engine;

    /// <summary>Completes when the engine has terminated: after a stop, or when it failed on its own.</summary>
    public Task WhenTerminated => _engine.WhenTerminated;

    /// <summary>Why the engine shut down without being asked to (see <see cref="EngineShutdown.FailedReason"/>); null otherwise.</summary>
    public string? Failure => _engine.StopReason as EngineShutdown.FailedReason is { } failed ? failed.Why : null;

    /// <exception cref="EngineHostException">The engine cannot start; nothing it would have made is left.</exception>
    public static async Task<EngineHost> StartAsync(EngineHostOptions options, CancellationToken ct = default)
    {
        var log = options.Log;
        var selfId = SelfContainer.FindId();
        var bridges = options.BridgeNamespace is { } name ? BridgeNamespace.Named(name) : BridgeNamespace.Own();
        JsonLinesTraceSink? trace = null;
        try
        {
            var dockerAddress = bridges.PrepareDockerInterface();
            var problems = StartupChecks.Problems(options.Config, options.IsKernelModuleLoaded, dockerAddress is not null);
            if (problems.Count > 0) throw new EngineHostException(problems);

            var self = selfId is null || options.Runtimes.Count == 0 ? null : await options.Runtimes[0].InspectAsync(selfId, ct).ConfigureAwait(false);
            var planning = new PlanningContext
            {
                ComposeProject = options.ComposeProject ?? self?.Project,
                ComposeWorkingDir = options.ComposeProject is null ? self?.ProjectWorkingDir : null,
                DockerEth0Address = dockerAddress,
            };
            var hostNamespace = HostNamespace.Choose(options.HostNamespacePath, inContainer: selfId is not null);
            log.Info($"bridges in {bridges.Description}"
                + (planning.ComposeProject is { } project ? $", compose project {project}" : "")
                + (dockerAddress is { } address ? $", Docker interface {DockerInterface.Name} {address}" : "")
                + $"; host interfaces in {hostNamespace.Description}");

            var driverOptions = new KernelDriverOptions
            {
                DockerInterface = dockerAddress is null ? null : DockerInterface.Name,
                HostNamespace = hostNamespace,
                UnderlayNamespace = options.UnderlayNamespace,
                TunnelDevice = options.TunnelDevice,
                TunnelLocal = options.TunnelLocal,
                VxlanPort = options.VxlanPort,
            };
            var config = options.Config;
            var settings = EngineSettings.From(options.Hocon);
            trace = settings.TraceFile is { } traceFile ? JsonLinesTraceSink.Open(traceFile) : null;
            var metrics = options.Metrics || options.MetricsListener is not null ? new ConlinkMetrics() : null;
            KernelNetworkDriver? kernel = null;
            var engine = ConlinkEngine.Start(new EngineDependencies
            {
                Config = config,
                Plan = options.Plan ?? (container => Planner.Plan(container, config, planning)),
                Runtimes = options.Runtimes,
                Network = context =>
                {
                    var driver = kernel = new KernelNetworkDriver(bridges, context, driverOptions);
                    return options.DecorateDriver is { } decorate ? decorate(driver) : driver;
                },
                Metrics = (IEngineMetrics?)metrics ?? NullEngineMetrics.Instance,
            }, options.Hocon, trace, [new LogOutputSetup(log)]);
            var traffic = new TrafficReader(ct => engine.StatusAsync(TimeSpan.FromSeconds(5)), kernel!.Traffic);
            metrics?.UseTraffic(traffic.ReadAsync);

            var servers = new List<ControlServer>();
            try
            {
                var context = new ControlContext { Status = _ => engine.StatusAsync(TimeSpan.FromSeconds(5)), Traffic = traffic };
                foreach (var listener in new[] { options.Status, options.StatusTcp }.OfType<StatusListener>())
                {
                    servers.Add(ControlServer.Listen(listener, ControlRoutes.For(context), options.Control with { Warn = log.Warning }));
                    log.Info(listener.SocketPath is { } path
                        ? $"control and status at {path} ('conlink status')"
                        : $"status at http://{listener} (unauthenticated; reads{(options.Control.Token is null ? " only" : ", and changes with the control token")})");
                }
                if (options.MetricsListener is { } endpoint)
                {
                    // Prometheus gets a listener of its own, with the same bounds, serving /metrics and nothing else.
                    servers.Add(ControlServer.ListenTcp(endpoint, [new MetricsRoute(metrics!), new HealthRoute()],
                        new ControlServerOptions { Warn = log.Warning }));
                    log.Info($"metrics at http://{servers[^1].EndPoint}/metrics");
                }
            }
            catch
            {
                foreach (var server in servers) await server.DisposeAsync().ConfigureAwait(false);
                await engine.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            var host = new EngineHost(engine, bridges, trace, servers, log, traffic, metrics);
            // The status server answers while links come down, and closes before the actor system goes.
            CoordinatedShutdown.Get(engine.System).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "conlink-close-status",
                async () =>
                {
                    foreach (var server in servers) await server.DisposeAsync().ConfigureAwait(false);
                    return Akka.Done.Instance;
                });
            return host;
        }
        catch
        {
            if (trace is not null) await trace.DisposeAsync().ConfigureAwait(false);
            bridges.DeleteIfCreated();
            throw;
        }
    }

    public Task<StatusTracker.Snapshot> StatusAsync(TimeSpan timeout) => _engine.StatusAsync(timeout);

    /// <summary>Where each listener listens (the Unix socket path, or address:port), in the order they were opened.</summary>
    public IReadOnlyList<System.Net.EndPoint> Listening => _servers.Select(s => s.EndPoint).ToList();

    /// <summary>Removes everything the engine made, stops it, and cleans up after it. Returns the bridges deleted.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        try
        {
            return await _engine.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await CloseAsync(deleteNamespace: true).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the engine the way kill -9 would: links, bridges and the namespace stay.</summary>
    public ValueTask DisposeAsync() => CloseAsync(deleteNamespace: false);

    private async ValueTask CloseAsync(bool deleteNamespace)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        await _engine.DisposeAsync().ConfigureAwait(false);
        foreach (var server in _servers) await server.DisposeAsync().ConfigureAwait(false);
        if (_trace is not null) await _trace.DisposeAsync().ConfigureAwait(false);
        if (deleteNamespace && _bridges.DeleteIfCreated()) _log.Info($"deleted {_bridges.Description}");
    }
}
