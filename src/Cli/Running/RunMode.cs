using Akka.Configuration;
using Conlink.Cli.Shell;
using Conlink.Host;
using Conlink.Host.Control;
using Conlink.Host.Control.Access;
using Conlink.Host.Logging;
using Conlink.Host.Runtimes;
using Conlink.Host.Signals;
using Conlink.Host.Status;

namespace Conlink.Cli.Running;

/// <summary>
/// Run mode: connect to the container engines, start the engine through <see cref="EngineHost"/>,
/// and on SIGTERM/SIGINT remove everything conlink made, then exit 0. A startup failure, or an
/// engine that fails on its own, exits 1 with one line saying why.
/// </summary>
internal static class RunMode
{
    public static async Task<int> RunAsync(RunSettings settings, CliHost host, LogOutput log, CancellationToken cancellation)
    {
        try
        {
            using var engines = await ContainerEngines.ConnectAsync(settings.DockerSocket, settings.PodmanSocket, log, cancellation);
            if (engines.Runtimes.Count == 0)
            {
                log.Error($"cannot reach Docker ({settings.DockerSocket}) or Podman ({settings.PodmanSocket})");
                return ExitCodes.Failure;
            }

            var akkaConfig = settings.Run.AkkaConfigFile is { } akkaFile ? EngineHocon.ReadUserFile(akkaFile) : null;
            var netns = settings.Run.Netns ?? (Host.Runtimes.SelfContainer.FindId() is null ? StatusSocket.DefaultHostNamespace : null);
            EngineHost engine;
            try
            {
                engine = await EngineHost.StartAsync(new EngineHostOptions
                {
                    Config = settings.Config,
                    Runtimes = engines.Runtimes,
                    BridgeNamespace = netns,
                    HostNamespacePath = settings.Run.HostNetns,
                    TunnelDevice = settings.Run.TunnelDev,
                    TunnelLocal = settings.Run.TunnelLocal,
                    VxlanPort = settings.Run.VxlanPort,
                    Strict = settings.Run.Strict,
                    ComposeProject = settings.ComposeProject,
                    Hocon = Hocon(settings, akkaConfig),
                    Cluster = settings.Cluster,
                    ClusterHocon = akkaConfig,
                    Status = StatusListener.Unix(settings.Run.StatusSocket ?? StatusSocket.PathFor(netns)),
                    StatusTcp = settings.Run.StatusPort is { } port
                        ? StatusListener.Tcp(settings.Run.StatusAddress ?? System.Net.IPAddress.Loopback, port)
                        : null,
                    Control = new ControlServerOptions
                    {
                        ControlGroup = settings.Run.ControlGroup is { } group ? SocketFile.GroupId(group) : null,
                        Token = settings.Run.ControlTokenFile is { } tokenFile ? ControlToken.LoadOrCreate(tokenFile) : null,
                    },
                    MetricsListener = settings.Run.MetricsPort is { } metricsPort
                        ? new System.Net.IPEndPoint(settings.Run.MetricsAddress ?? System.Net.IPAddress.Loopback, metricsPort)
                        : null,
                    Log = log,
                    IsKernelModuleLoaded = host.IsKernelModuleLoaded,
                    ReloadConfig = () => Config.ConfigLoader.Load(settings.Sources, settings.LoadOptions),
                }, cancellation);
            }
            catch (EngineHostException e)
            {
                foreach (var problem in e.Problems) log.Error(problem);
                return ExitCodes.Failure;
            }

            using var signals = new StopSignals();
            // One apply at a time: a SIGHUP during an apply waits for it.
            var applying = new SemaphoreSlim(1, 1);
            using var reload = new ReloadSignal(() => _ = Task.Run(async () =>
            {
                await applying.WaitAsync();
                try
                {
                    log.Info("SIGHUP: re-reading the configuration");
                    await engine.ReloadAsync(dryRun: false);
                }
                catch (Exception e)
                {
                    log.Error($"SIGHUP: apply failed: {e.GetBaseException().Message}");
                }
                finally
                {
                    applying.Release();
                }
            }));
            await Task.WhenAny(signals.Received.WaitAsync(cancellation), engine.WhenTerminated);
            var failure = engine.Failure;
            if (failure is null) log.Info("stopping; removing links, tunnels and bridges");
            var deleted = await engine.StopAsync();
            if (failure is not null)
            {
                log.Error($"the engine failed: {failure}");
                return ExitCodes.Failure;
            }
            log.Info($"stopped ({deleted.Count} bridge(s) removed)");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Error(e.Message);
            return ExitCodes.Failure;
        }
    }

    private static Akka.Configuration.Config Hocon(RunSettings settings, Akka.Configuration.Config? akkaConfig)
    {
        var overrides = new List<string>
        {
            $"akka.loglevel = {(settings.Verbose ? "DEBUG" : "INFO")}",
            $"conlink.log-format = {settings.Run.LogFormat}",
        };
        if (settings.Run.TraceMaxBytes is { } maxBytes) overrides.Add($"conlink.trace.max-size = {maxBytes}");
        if (settings.Run.TraceFile is { } trace) overrides.Add($"conlink.trace.file = \"{trace.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        return ConfigurationFactory.ParseString(string.Join('\n', overrides))
            .WithFallback(akkaConfig?.WithFallback(EngineHocon.Default()) ?? EngineHocon.Default());
    }
}
