using Akka.Configuration;
using Conlink.Actors.Engine;
using Conlink.Actors.Network.Kernel;
using Conlink.Actors.Status;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Netlink.Namespaces;
using Conlink.Testing;

namespace Conlink.Actors.Tests.Kernel;

/// <summary>
/// The real engine on the real kernel: bridges in a throwaway named namespace, "containers" that
/// are processes in fresh namespaces. Disposing removes all of it.
/// </summary>
public sealed class KernelEngine : IAsyncDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "conlink-test-" + Guid.NewGuid().ToString("N")[..8]);
    private Func<ContainerIdentity, ContainerPlan> _plan = _ => throw new InvalidOperationException("not started");

    public KernelEngine()
    {
        BridgeNamespace = "cltest-" + Guid.NewGuid().ToString("N")[..8];
        NetNs.OpenOrCreateNamed(BridgeNamespace).Dispose();
        Runtime = new ProcessRuntime(_registry);
    }

    public string BridgeNamespace { get; }
    public ProcessRuntime Runtime { get; }
    public ConlinkEngine? Engine { get; private set; }

    /// <param name="options">Driver options, made afresh for each start (the driver owns the namespaces in them).</param>
    public ConlinkEngine Start(Func<ContainerIdentity, ContainerPlan> plan, Func<KernelDriverOptions>? options = null, NetworkConfig? config = null)
    {
        _plan = plan;
        var hocon = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nconlink.progress-interval = 0s")
            .WithFallback(EngineHocon.Default());
        Engine = ConlinkEngine.Start(new EngineDependencies
        {
            Config = config ?? NetworkConfig.Empty,
            Plan = _plan,
            Runtimes = [Runtime],
            Network = context => new KernelNetworkDriver(NetNs.OpenNamed(BridgeNamespace), context, options?.Invoke()),
        }, hocon);
        return Engine;
    }

    /// <summary>Starts the engine on a config that went through the real pipeline.</summary>
    public ConlinkEngine Start(TestNetwork network, Func<KernelDriverOptions>? options = null) =>
        Start(network.Plan, options, network.Config);

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

    public async Task<ConlinkSupervisor.ShutdownComplete> ShutdownAsync()
    {
        var done = await Engine!.ShutdownAsync(Patience.Seconds(30));
        await Engine.DisposeAsync();
        Engine = null;
        return done;
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
