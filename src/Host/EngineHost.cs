using Akka.Actor;
using Conlink.Actors.Containers;
using Conlink.Actors.Control;
using Conlink.Actors.Engine;
using Conlink.Actors.Metrics;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Cluster;
using Conlink.Host.Cluster;
using Conlink.Host.Control;
using Conlink.Host.Events;
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
    private readonly ClusterNode? _cluster;
    private int _closed;
    private PlanningContext _planning = PlanningContext.Default;
    private bool _ipv6ForwardingChecked;
    private Func<NetworkConfig>? _reload;

    private EngineHost(ConlinkEngine engine, BridgeNamespace bridges, JsonLinesTraceSink? trace, IReadOnlyList<ControlServer> servers, LogOutput log,
        EventLog events, TrafficReader traffic, ConlinkMetrics? metrics, ClusterNode? cluster)
    {
        Events = events;
        _cluster = cluster;
        _engine = engine;
        _bridges = bridges;
        _trace = trace;
        _servers = servers;
        _log = log;
        Traffic = traffic;
        Metrics = metrics;
    }

    /// <summary>How long a request to the control server waits for the engine.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    /// <summary>Every link's counters, read from the kernel when asked.</summary>
    public TrafficReader Traffic { get; }

    /// <summary>The Prometheus registry, when <see cref="EngineHostOptions.Metrics"/> asked for one.</summary>
    public ConlinkMetrics? Metrics { get; }

    public ConlinkEngine Engine => _engine;

    /// <summary>The cluster as this member sees it (cluster mode; count states with <see cref="ClusterStatus.CountByState"/>); null on its own.</summary>
    public Conlink.Actors.Ports.ClusterView? ClusterView => _cluster?.View;

    /// <summary>The running conlink's recent events (what <c>conlink events</c> serves).</summary>
    public EventLog Events { get; }

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
            var ipv6ForwardingChecked = false;
            var forwards = WithIpv6Forwarding(new PlanningContext { DockerEth0Address = dockerAddress?.Ipv4, DockerEth0Ipv6Address = dockerAddress?.Ipv6 },
                options.Config, bridges, ref ipv6ForwardingChecked);
            var problems = StartupChecks.Problems(options.Config, options.IsKernelModuleLoaded, forwards);
            if (problems.Count > 0) throw new EngineHostException(problems);
            foreach (var warning in StartupChecks.Warnings(options.Config, forwards)) log.Warning(warning);

            var self = selfId is null || options.Runtimes.Count == 0 ? null : await options.Runtimes[0].InspectAsync(selfId, ct).ConfigureAwait(false);
            var planning = forwards with
            {
                ComposeProject = options.ComposeProject ?? self?.Project,
                ComposeWorkingDir = options.ComposeProject is null ? self?.ProjectWorkingDir : null,
            };
            var hostNamespace = HostNamespace.Choose(options.HostNamespacePath, inContainer: selfId is not null);
            log.Info($"bridges in {bridges.Description}"
                + (planning.ComposeProject is { } project ? $", compose project {project}" : "")
                + (dockerAddress is { } address ? $", Docker interface {DockerInterface.Name} {address}" : "")
                + $"; host interfaces in {hostNamespace.Description}");

            var driverOptions = new KernelDriverOptions
            {
                DockerInterface = dockerAddress is null ? null : DockerInterface.Name,
                DockerIpv6Address = dockerAddress?.Ipv6,
                HostNamespace = hostNamespace,
                UnderlayNamespace = options.UnderlayNamespace,
                TunnelDevice = options.TunnelDevice,
                TunnelLocal = options.TunnelLocal,
                VxlanPort = options.VxlanPort,
                ClusterAddress = options.Cluster?.Bind.Address,
                Strict = options.Strict,
            };
            var config = options.Config;
            var settings = EngineSettings.From(options.Hocon);
            try
            {
                trace = settings.TraceFile is { } traceFile ? JsonLinesTraceSink.Open(traceFile, log, settings.TraceMaxBytes) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new EngineHostException([$"cannot open the trace file: {e.Message}"]);
            }
            var events = new EventLog();
            EngineHost? host = null;
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
            }, options.Hocon, trace, [new LogOutputSetup(log)], events);
            var traffic = new TrafficReader(ct => engine.StatusAsync(TimeSpan.FromSeconds(5)), kernel!.Traffic);
            metrics?.UseTraffic(traffic.ReadAsync);

            var servers = new List<ControlServer>();
            ClusterNode? cluster = null;
            try
            {
                ClusterStatus? clusterStatus = null;
                if (options.Cluster is { } clusterSettings)
                {
                    cluster = StartCluster(clusterSettings, options, engine, log);
                    clusterStatus = new ClusterStatus(cluster);
                    var member = cluster;
                    metrics?.UseClusterMembers(() => ClusterStatus.CountByState(member.View));
                }
                var context = new ControlContext
                {
                    Status = _ => engine.StatusAsync(AskTimeout),
                    Traffic = traffic,
                    ChangeLink = (target, change, _) => engine.ChangeLinkAsync(target, change, AskTimeout),
                    Apply = options.ReloadConfig is null ? null : dryRun => host!.ReloadAsync(dryRun),
                    RecordFaultStep = (link, detail) => host!.RecordFaultStep(link, detail),
                    Events = events,
                    Cluster = clusterStatus,
                };
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
            catch (Exception e)
            {
                foreach (var server in servers) await server.DisposeAsync().ConfigureAwait(false);
                if (cluster is not null) await cluster.DisposeAsync().ConfigureAwait(false);
                await engine.DisposeAsync().ConfigureAwait(false);
                if (e is Conlink.Cluster.Security.ClusterTlsException) throw new EngineHostException([e.Message]);
                throw;
            }
            host = new EngineHost(engine, bridges, trace, servers, log, events, traffic, metrics, cluster) { _planning = planning, _reload = options.ReloadConfig, _ipv6ForwardingChecked = ipv6ForwardingChecked };
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

    private static IReadOnlyDictionary<string, int> Spans(Conlink.Config.Model.NetworkConfig config) =>
        config.Bridges.Values.Where(b => b.Span is not null).ToDictionary(b => b.Name, b => b.Span!.Vni, StringComparer.Ordinal);

    private static ClusterNode StartCluster(ClusterSettings settings, EngineHostOptions options, ConlinkEngine engine, LogOutput log) =>
        ClusterNode.Start(new ClusterMemberOptions
        {
            Bind = settings.Bind,
            Seeds = settings.Seeds,
            Spans = Spans(options.Config),
            TlsCertificateFile = settings.TlsCertificateFile,
            TlsCertificatePassword = settings.TlsCertificatePassword,
            Overrides = options.ClusterHocon,
            Setups = [new LogOutputSetup(log)],
            Info = log.Info,
            Warning = log.Warning,
        }, engine.ClusterChanged, async ct => ClusterStatus.Text(StatusJson.Write(await engine.StatusAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false))));

    /// <summary>Writes a fault schedule's step to the trace and the events (<c>fault-step</c>).</summary>
    public void RecordFaultStep(string link, string detail) =>
        TraceExtension.Get(_engine.System).Event("faults", "fault-step", link.Split(':')[0], link, detail);

    /// <summary>
    /// How long an apply may take to carry out, all containers together; what is not done by then is
    /// reported as not finished. The apply route answers within it (plus a margin), and so does the CLI wait.
    /// </summary>
    public static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Re-applies <paramref name="config"/> to the running containers: only what differs changes,
    /// no container restarts. With <paramref name="dryRun"/>, only the difference is computed.
    /// </summary>
    public async Task<ContainerManager.Replanned> ApplyAsync(NetworkConfig config, bool dryRun)
    {
        if (!dryRun)
        {
            var checkedBefore = _ipv6ForwardingChecked;
            _planning = WithIpv6Forwarding(_planning, config, _bridges, ref _ipv6ForwardingChecked);
            if (!checkedBefore && _planning.Ipv6ForwardingProblem is { } problem) _log.Warning($"forwards over IPv6 cannot work: {problem}");
        }
        var planning = _planning;
        var applied = await _engine.ApplyAsync(config, container => Planner.Plan(container, config, planning), dryRun, ApplyTimeout).ConfigureAwait(false);
        // The engine took the new config (its spans are being made or removed): the cluster hears of them too.
        if (!dryRun && applied.Diff is not null) _cluster?.Announce(Spans(config));
        return applied;
    }

    /// <summary>
    /// Turns on IPv6 forwarding in the bridge namespace the first time a config forwards to an IPv6
    /// address while conlink's Docker interface has one (not before: conlink's namespace stays as
    /// Docker made it unless a forward needs it), and records in the planning context why it cannot
    /// be when it cannot, so those forwards are planned over IPv4 only (or fail, on an IPv6-only link).
    /// </summary>
    private static PlanningContext WithIpv6Forwarding(PlanningContext context, NetworkConfig config, BridgeNamespace bridges, ref bool done)
    {
        if (done || context.DockerEth0Ipv6Address is null || !StartupChecks.ForwardsToIpv6(config)) return context;
        done = true;
        return context with { Ipv6ForwardingProblem = bridges.EnableIpv6Forwarding() };
    }

    /// <summary>
    /// Re-reads the run's config files and applies them (<c>conlink apply</c>, SIGHUP). An invalid
    /// config is refused whole with its located errors, and the running state is kept.
    /// </summary>
    public async Task<ContainerManager.Replanned> ReloadAsync(bool dryRun)
    {
        if (_reload is null)
            return new ContainerManager.Replanned(null, new ControlResult(ControlOutcome.Conflict, "this conlink was not started from config files it can re-read"));
        NetworkConfig config;
        try
        {
            config = _reload();
        }
        catch (Conlink.Config.ConfigException e)
        {
            _log.Error($"apply refused: the configuration has {e.Errors.Count} error(s); the running state is kept");
            foreach (var error in e.Errors) _log.Error($"  {error}");
            return new ContainerManager.Replanned(null, new ControlResult(ControlOutcome.Invalid,
                $"refused: the configuration has {e.Errors.Count} error(s), nothing was changed:\n{string.Join('\n', e.Errors)}"));
        }
        catch (IOException e)
        {
            return new ContainerManager.Replanned(null, new ControlResult(ControlOutcome.Invalid, $"refused: cannot read the configuration ({e.Message}); nothing was changed"));
        }
        _log.Info(dryRun ? "apply --dry-run: configuration re-read" : "apply: configuration re-read, applying the difference");
        var result = await ApplyAsync(config, dryRun).ConfigureAwait(false);
        _log.Info($"apply: {result.Result.Message}");
        return result;
    }
    /// <summary>Where each listener listens (the Unix socket path, or address:port), in the order they were opened.</summary>
    public IReadOnlyList<System.Net.EndPoint> Listening => _servers.Select(s => s.EndPoint).ToList();

    /// <summary>Removes everything the engine made, stops it, and cleans up after it. Returns the bridges deleted.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        try
        {
            // Leave first, so the other members drop this one's flood entries at once.
            if (_cluster is not null) await _cluster.StopAsync().ConfigureAwait(false);
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
        if (_cluster is not null) await _cluster.DisposeAsync().ConfigureAwait(false);
        await _engine.DisposeAsync().ConfigureAwait(false);
        foreach (var server in _servers) await server.DisposeAsync().ConfigureAwait(false);
        if (_trace is not null) await _trace.DisposeAsync().ConfigureAwait(false);
        if (deleteNamespace && _bridges.DeleteIfCreated()) _log.Info($"deleted {_bridges.Description}");
    }
}
