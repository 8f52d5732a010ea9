// The real conlink engine in a process of its own, for tests that kill it with SIGKILL and for
// the churn benchmark, which measures its memory. It is what `conlink --netns NAME` runs, except
// that the containers it follows are ProcessRuntime namespace processes announced in a registry
// directory instead of Docker containers:
//
//   Conlink.EngineHost --registry DIR --netns NAME --status-socket PATH
//                      --compose-file F [--compose-file F]... [--underlay-netns NAME] [--kill-after-links N]
//                      [--cluster-bind IP[:PORT] [--cluster-seed IP[:PORT]]... [--cluster-tls-cert FILE]]
//
// Bridges live in the named namespace NAME (the test creates it; one the host had to create is deleted at the end).
// Tunnels send from --underlay-netns (default: this process's namespace). Interpolation reads this
// process's environment. Logs go to stderr as conlink's do; status is served on the Unix socket.
// SIGTERM or SIGINT shuts down cleanly (every link and bridge removed), then exits 0.
// SIGHUP re-reads the compose files and applies the difference, as conlink's SIGHUP does.
// --kill-after-links N: the process SIGKILLs itself once N links are applied (a crash mid-work).
// --cluster-*: cluster mode, as conlink's flags of the same names (run it inside the host's namespace).

using System.Runtime.InteropServices;
using Akka.Configuration;
using Conlink.Config;
using Conlink.Config.Model;
using Conlink.TestEngineHost;
using Conlink.Host;
using Conlink.Host.Cluster;
using Conlink.Host.Signals;
using Conlink.Host.Status;
using Conlink.Testing;

EngineHostArguments arguments;
try
{
    arguments = EngineHostArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"engine-host: {e.Message}");
    Console.Error.WriteLine("usage: Conlink.EngineHost --registry DIR --netns NAME --status-socket PATH "
        + "--compose-file F [--compose-file F]... [--underlay-netns NAME] [--kill-after-links N]");
    return 2;
}

NetworkConfig config;
try
{
    config = EngineHostConfig.Load(arguments.ComposeFiles, Environment.GetEnvironmentVariable);
}
catch (ConfigException e)
{
    Console.Error.WriteLine($"engine-host: invalid config:\n{e.Message}");
    return 1;
}

// Never disposed: disposing a ProcessRuntime empties its registry, which belongs to the test.
var runtime = new ProcessRuntime(arguments.Registry);
var engine = await EngineHost.StartAsync(new EngineHostOptions
{
    Config = config,
    Runtimes = [runtime],
    BridgeNamespace = arguments.BridgeNamespace,
    UnderlayNamespace = arguments.UnderlayNamespace,
    Hocon = ConfigurationFactory.ParseString("conlink.progress-interval = 0s").WithFallback(EngineHocon.Default()),
    Status = StatusListener.Unix(arguments.StatusSocket),
    Cluster = arguments.ClusterBind is { } bind
        ? new ClusterSettings
        {
            Bind = ClusterSettings.ParseEndpoint(bind, "--cluster-bind"),
            Seeds = (arguments.ClusterSeeds ?? []).Select(s => ClusterSettings.ParseEndpoint(s, "--cluster-seed")).ToList(),
            TlsCertificateFile = arguments.ClusterTlsCert,
        }
        : null,
    ReloadConfig = () => EngineHostConfig.Load(arguments.ComposeFiles, Environment.GetEnvironmentVariable),
    DecorateDriver = arguments.KillAfterLinks is { } links ? driver => new KillingNetworkDriver(driver, links) : null,
});
Console.Error.WriteLine($"engine-host: running (pid {Environment.ProcessId}), bridges in {arguments.BridgeNamespace}");

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var hangup = new ReloadSignal(() =>
{
    Console.Error.WriteLine("engine-host: SIGHUP: re-reading the configuration");
    // ReloadAsync logs its outcome ("apply: ...") itself; anything it throws is said here, not lost.
    _ = Task.Run(async () =>
    {
        try
        {
            await engine.ReloadAsync(dryRun: false);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"engine-host: SIGHUP: apply failed: {e}");
        }
    });
});
await Task.WhenAny(stop.Task, engine.WhenTerminated);

var deleted = await engine.StopAsync();
Console.Error.WriteLine($"engine-host: stopped ({deleted.Count} bridge(s) removed)");
return engine.Failure is null ? 0 : 1;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
