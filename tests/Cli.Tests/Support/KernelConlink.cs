using Akka.Configuration;
using Conlink.Actors.Status;
using Conlink.Config;
using Conlink.Config.Model;
using Conlink.Host;
using Conlink.Host.Status;
using Conlink.Netlink.Namespaces;
using Conlink.Testing;

namespace Conlink.Cli.Tests.Support;

/// <summary>
/// A real conlink engine on the real kernel for commands that read what a running conlink
/// exposes: its configuration comes from compose YAML through the real loader and planner, its
/// bridges live in a throwaway named namespace, its "containers" are processes in fresh
/// namespaces, and it serves status on a temporary Unix socket and writes a trace file.
/// Disposing removes all of it.
/// </summary>
internal sealed class KernelConlink : IAsyncDisposable
{
    /// <summary>Service good's link comes up; broken's route goes through a gateway no interface reaches.</summary>
    public const string GoodAndBroken = """
        services:
          good:
            x-network:
              links: [{bridge: s1, ip: 10.0.0.1/24}]
          broken:
            x-network:
              links: [{bridge: s1, ip: 10.0.0.2/24, route: 10.9.0.0/16 via 10.5.0.1}]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("conlink-cli-").FullName;
    private readonly string _bridgeNamespace = "clcli-" + Guid.NewGuid().ToString("N")[..8];
    private bool _stopped;

    /// <param name="logLevel">The engine's akka.loglevel: DEBUG is what <c>conlink -v</c> sets.</param>
    public KernelConlink(string composeYaml = GoodAndBroken, string logLevel = "WARNING")
    {
        var composeFile = Path.Combine(_directory, "compose.yaml");
        File.WriteAllText(composeFile, composeYaml);
        var config = ConfigLoader.Load(new ConfigSources([composeFile], []), new ConfigLoadOptions { DefaultBridgeMode = BridgeMode.Linux });
        NetNs.OpenOrCreateNamed(_bridgeNamespace).Dispose();
        Runtime = new ProcessRuntime(Path.Combine(_directory, "containers"));
        var hocon = ConfigurationFactory.ParseString($"akka.loglevel = {logLevel}\nconlink.trace.file = \"{TraceFile}\"")
            .WithFallback(EngineHocon.Default());
        Engine = EngineHost.StartAsync(new EngineHostOptions
        {
            Config = config,
            Runtimes = [Runtime],
            BridgeNamespace = _bridgeNamespace,
            Hocon = hocon,
            Status = StatusListener.Unix(StatusSocket),
        }).GetAwaiter().GetResult();
    }

    public ProcessRuntime Runtime { get; }
    public EngineHost Engine { get; }
    public string StatusSocket => Path.Combine(_directory, "status.sock");
    public string TraceFile => Path.Combine(_directory, "trace.jsonl");

    /// <summary>Starts replica 1 of each service (one link each, as in <see cref="GoodAndBroken"/>) and waits until their links settle.</summary>
    public Task<StatusTracker.Snapshot> StartServicesAsync(params string[] services)
    {
        foreach (var service in services) Runtime.Start(service + "_1", service);
        return SettledAsync(services.Length);
    }

    /// <summary>Waits until no expected link is planned or being created any more.</summary>
    private async Task<StatusTracker.Snapshot> SettledAsync(int links)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        StatusTracker.Snapshot status;
        do
        {
            status = await Engine.StatusAsync(TimeSpan.FromSeconds(5));
            if (status.Synced && status.Links.Count == links && status.Links.All(l => l.State is LinkState.Ready or LinkState.Failed)) return status;
            await Task.Delay(20);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException("links did not settle: " + string.Join(", ", status.Links.Select(l => $"{l.Id}={l.State}")));
    }

    /// <summary>Removes every link and bridge and stops the engine, which flushes the trace file.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await Engine.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped) await Engine.DisposeAsync();
        Runtime.Dispose();
        NetNs.DeleteNamed(_bridgeNamespace);
        Directory.Delete(_directory, recursive: true);
    }
}
