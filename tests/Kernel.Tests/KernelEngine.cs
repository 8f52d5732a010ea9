using Akka.Configuration;
using Conlink.Actors.Status;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Host;
using Conlink.Netlink.Namespaces;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// The real engine on the real kernel, started through the engine host as conlink itself is:
/// bridges in a throwaway named namespace, "containers" that are processes in fresh namespaces.
/// Disposing removes all of it.
/// </summary>
public sealed class KernelEngine : IAsyncDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "conlink-test-" + Guid.NewGuid().ToString("N")[..8]);

    public KernelEngine()
    {
        BridgeNamespace = "cltest-" + Guid.NewGuid().ToString("N")[..8];
        NetNs.OpenOrCreateNamed(BridgeNamespace).Dispose();
        Runtime = new ProcessRuntime(_registry);
    }

    public string BridgeNamespace { get; }
    public ProcessRuntime Runtime { get; }
    public EngineHost? Engine { get; private set; }

    /// <summary>Where host-parent links find their parent: a named namespace standing in for the host.</summary>
    public string? HostNamespace { get; set; }

    /// <summary>A namespace file to use as the host instead (<c>--host-netns</c>).</summary>
    public string? HostNamespacePath { get; set; }

    /// <summary>Kernel modules the startup checks take as loaded (a stand-in for ovs-vsctl needs openvswitch).</summary>
    public HashSet<string> LoadedModules { get; } = [];

    /// <summary>The named namespace tunnels send from.</summary>
    public string? UnderlayNamespace { get; set; }

    /// <summary>What <c>conlink apply</c> re-reads (<see cref="EngineHostOptions.ReloadConfig"/>); null: nothing.</summary>
    public Func<NetworkConfig>? Reload { get; set; }
    /// <summary>Whether the engine is measured for Prometheus (<see cref="EngineHost.Metrics"/>).</summary>
    public bool Metrics { get; set; }

    /// <summary>Where the engine serves /metrics (<c>--metrics-port</c>); null: no listener.</summary>
    public System.Net.IPEndPoint? MetricsListener { get; set; }

    public EngineHost Start(Func<ContainerIdentity, ContainerPlan> plan, NetworkConfig? config = null)
    {
        var hocon = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nconlink.progress-interval = 0s")
            .WithFallback(EngineHocon.Default());
        Engine = EngineHost.StartAsync(new EngineHostOptions
        {
            Config = config ?? NetworkConfig.Empty,
            Plan = plan,
            Runtimes = [Runtime],
            BridgeNamespace = BridgeNamespace,
            HostNamespacePath = HostNamespacePath ?? (HostNamespace is { } host ? $"{NetNs.NamedRoot}/{host}" : null),
            UnderlayNamespace = UnderlayNamespace,
            Hocon = hocon,
            IsKernelModuleLoaded = LoadedModules.Contains,
            ReloadConfig = Reload,
            Metrics = Metrics,
            MetricsListener = MetricsListener,
        }).GetAwaiter().GetResult();
        return Engine;
    }

    /// <summary>Starts the engine on a config that went through the real pipeline.</summary>
    public EngineHost Start(TestNetwork network) => Start(network.Plan, network.Config);

    /// <summary>Waits until every expected link is ready (what "All links connected" announces).</summary>
    public Task<StatusTracker.Snapshot> WaitAllReadyAsync(Func<StatusTracker.Snapshot, bool>? until = null) =>
        WaitForAsync(s => s.AllReady && (until?.Invoke(s) ?? true), "links not ready");

    /// <summary>Waits until every expected link has settled, ready or failed, and <paramref name="until"/> holds.</summary>
    public Task<StatusTracker.Snapshot> WaitSettledAsync(Func<StatusTracker.Snapshot, bool>? until = null) =>
        WaitForAsync(s => s.Synced && s.Links.All(l => l.State is LinkState.Ready or LinkState.Failed) && (until?.Invoke(s) ?? true),
            "links not settled");

    private async Task<StatusTracker.Snapshot> WaitForAsync(Func<StatusTracker.Snapshot, bool> condition, string problem)
    {
        var deadline = DateTime.UtcNow + Patience.Seconds(15);
        StatusTracker.Snapshot status;
        do
        {
            status = await Engine!.StatusAsync(Patience.Seconds(5));
            if (condition(status)) return status;
            await Task.Delay(20);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException(problem + ": " + string.Join(", ", status.Links.Select(l => $"{l.Id}={l.State} {l.Reason}")));
    }

    /// <summary>Ends the engine the way kill -9 would: nothing is cleaned up.</summary>
    public async Task CrashAsync()
    {
        if (Engine is not null) await Engine.DisposeAsync();
        Engine = null;
    }

    /// <summary>Stops the engine cleanly; returns the bridges it deleted.</summary>
    public async Task<IReadOnlyList<string>> ShutdownAsync()
    {
        var deleted = await Engine!.StopAsync();
        Engine = null;
        return deleted;
    }

    /// <summary>Interfaces of the bridge namespace by name, with kind and master, read with <c>ip -j</c>.</summary>
    public IReadOnlyDictionary<string, (string? Kind, string? Master)> BridgeNamespaceLinks() =>
        KernelProbe.LinksOfNamed(BridgeNamespace).EnumerateArray().ToDictionary(
            l => l.GetProperty("ifname").GetString()!,
            l => (l.TryGetProperty("linkinfo", out var info) ? info.GetProperty("info_kind").GetString() : null,
                  l.TryGetProperty("master", out var master) ? master.GetString() : null));

    public async ValueTask DisposeAsync()
    {
        if (Engine is not null) await Engine.DisposeAsync();
        Runtime.Dispose();
        NetNs.DeleteNamed(BridgeNamespace);
        Directory.Delete(_registry, recursive: true);
    }
}
