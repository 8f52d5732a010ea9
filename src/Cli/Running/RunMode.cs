using System.Net;
using Akka.Configuration;
using Conlink.Actors.Engine;
using Conlink.Actors.Network.Kernel;
using Conlink.Actors.Runtime;
using Conlink.Actors.Runtime.Docker;
using Conlink.Actors.Status;
using Conlink.Cli.Host;
using Conlink.Config.Planning;
using Conlink.Netlink;
using Conlink.Netlink.Namespaces;

namespace Conlink.Cli.Running;

/// <summary>
/// Run mode: find where bridges live, connect to the container engines, start the engine and the
/// status server, and on SIGTERM/SIGINT remove everything conlink made, then exit 0.
/// </summary>
internal static class RunMode
{
    public static async Task<int> RunAsync(RunSettings settings, CliHost host, CancellationToken cancellation)
    {
        var selfId = SelfContainer.FindId();
        var netnsName = settings.Run.Netns ?? (selfId is null ? RunModeOptions.DefaultNamespace : null);
        var createdNamespace = netnsName is not null && !NetNs.NamedExists(netnsName);
        var runtimes = new List<DockerRuntime>();
        try
        {
            runtimes.AddRange(await ConnectAsync(settings, host, cancellation));
            if (runtimes.Count == 0)
            {
                host.Error.WriteLine($"conlink: ERROR: cannot reach Docker ({settings.DockerSocket}) or Podman ({settings.PodmanSocket})");
                return ExitCodes.Failure;
            }

            var bridgeNamespace = netnsName is null ? NetNs.Current() : NetNs.OpenOrCreateNamed(netnsName);
            IPAddress? dockerAddress = null;
            if (netnsName is null)
            {
                using var handle = NetlinkHandle.Open(bridgeNamespace);
                dockerAddress = DockerInterface.Prepare(handle);
            }

            var problems = StartupChecks.Problems(settings.Config, host.IsKernelModuleLoaded, dockerAddress is not null);
            if (problems.Count > 0)
            {
                foreach (var problem in problems) host.Error.WriteLine($"conlink: ERROR: {problem}");
                bridgeNamespace.Dispose();
                if (createdNamespace) NetNs.DeleteNamed(netnsName!);
                return ExitCodes.Failure;
            }

            var self = selfId is null ? null : await runtimes[0].InspectAsync(selfId, cancellation);
            var planning = new PlanningContext
            {
                ComposeProject = settings.ComposeProject ?? self?.Project,
                ComposeWorkingDir = settings.ComposeProject is null ? self?.ProjectWorkingDir : null,
                DockerEth0Address = dockerAddress,
            };
            host.Error.WriteLine($"conlink: bridges in {(netnsName is null ? "conlink's own network namespace" : $"network namespace {netnsName}")}"
                + (planning.ComposeProject is { } project ? $", compose project {project}" : "")
                + (dockerAddress is { } address ? $", Docker interface {DockerInterface.Name} {address}" : ""));

            var driverOptions = new KernelDriverOptions
            {
                DockerInterface = dockerAddress is null ? null : DockerInterface.Name,
                TunnelDevice = settings.Run.TunnelDev,
                TunnelLocal = settings.Run.TunnelLocal,
                VxlanPort = settings.Run.VxlanPort,
            };
            var engine = ConlinkEngine.Start(new EngineDependencies
            {
                Config = settings.Config,
                Plan = container => Planner.Plan(container, settings.Config, planning),
                Runtimes = runtimes,
                Network = context => new KernelNetworkDriver(bridgeNamespace, context, driverOptions),
            }, Hocon(settings));

            await using var status = StartStatusServer(settings, netnsName, engine, host);
            using var signals = new StopSignals();
            await Task.WhenAny(signals.Received.WaitAsync(cancellation), engine.WhenTerminated);

            host.Error.WriteLine("conlink: stopping; removing links, tunnels and bridges");
            var done = await engine.ShutdownAsync(TimeSpan.FromSeconds(60));
            await engine.DisposeAsync();
            if (createdNamespace && NetNs.DeleteNamed(netnsName!)) host.Error.WriteLine($"conlink: deleted network namespace {netnsName}");
            host.Error.WriteLine($"conlink: stopped ({done.DeletedBridges.Count} bridge(s) removed)");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Error.WriteLine($"conlink: ERROR: {e.Message}");
            if (createdNamespace) NetNs.DeleteNamed(netnsName!);
            return ExitCodes.Failure;
        }
        finally
        {
            foreach (var runtime in runtimes) runtime.Dispose();
        }
    }

    private static async Task<IReadOnlyList<DockerRuntime>> ConnectAsync(RunSettings settings, CliHost host, CancellationToken ct)
    {
        var connected = new List<DockerRuntime>();
        foreach (var (name, socket) in new[] { ("docker", settings.DockerSocket), ("podman", settings.PodmanSocket) })
        {
            if (!File.Exists(socket))
            {
                if (name == "docker") host.Error.WriteLine($"conlink: WARNING: no Docker socket at {socket}");
                continue;
            }
            var runtime = new DockerRuntime(name, socket);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var version = await runtime.PingAsync(timeout.Token);
                host.Error.WriteLine($"conlink: connected to {name} {version} at {socket}");
                connected.Add(runtime);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                host.Error.WriteLine($"conlink: WARNING: {name} at {socket} does not answer: {e.GetBaseException().Message}");
                runtime.Dispose();
            }
        }
        return connected;
    }

    private static Akka.Configuration.Config Hocon(RunSettings settings)
    {
        var overrides = new List<string>
        {
            $"akka.loglevel = {(settings.Verbose ? "DEBUG" : "INFO")}",
            $"conlink.log-format = {settings.Run.LogFormat}",
        };
        if (settings.Run.TraceFile is { } trace) overrides.Add($"conlink.trace.file = \"{trace.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        return ConfigurationFactory.ParseString(string.Join('\n', overrides)).WithFallback(EngineHocon.Load(settings.Run.AkkaConfigFile));
    }

    private static StatusServer StartStatusServer(RunSettings settings, string? netnsName, ConlinkEngine engine, CliHost host)
    {
        Func<CancellationToken, Task<StatusTracker.Snapshot>> status = _ => engine.StatusAsync(TimeSpan.FromSeconds(5));
        if (settings.Run.StatusPort is { } port) return StatusServer.ListenLoopback(port, status);
        var path = settings.Run.StatusSocket ?? StatusSocketPath(netnsName);
        var server = StatusServer.ListenUnix(path, status);
        host.Error.WriteLine($"conlink: status at {path} ('conlink status')");
        return server;
    }

    /// <summary>Where a conlink for this bridge namespace serves its status unless told otherwise.</summary>
    public static string StatusSocketPath(string? netnsName) =>
        netnsName is null ? StatusServer.DefaultSocketPath : $"/run/conlink/{netnsName}.sock";
}
