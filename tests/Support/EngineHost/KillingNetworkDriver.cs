using Conlink.Actors.Ports;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using static Tmds.Linux.LibC;

namespace Conlink.TestEngineHost;

/// <summary>
/// The real driver, except that the process kills itself with SIGKILL as soon as the Nth link has
/// been applied: a kill -9 at a known point of the work, while other links are still being made
/// on the other netlink threads, which no test could time from outside.
/// </summary>
internal sealed class KillingNetworkDriver(INetworkDriver inner, int killAfterLinks) : INetworkDriver, IAsyncDisposable
{
    private int _applied;

    public async Task<IContainerNetwork> OpenContainerAsync(ContainerIdentity container, CancellationToken ct) =>
        new Counting(await inner.OpenContainerAsync(container, ct).ConfigureAwait(false), this);

    public IBridgeBackend Bridge(BridgeSpec bridge) => inner.Bridge(bridge);

    public ITunnelBackend Tunnel(TunnelSpec tunnel) => inner.Tunnel(tunnel);

    public ISpanBackend Span(BridgeSpec bridge) => inner.Span(bridge);

    public IAsyncEnumerable<InterfaceEvent> WatchBridgeNamespaceAsync(CancellationToken ct) => inner.WatchBridgeNamespaceAsync(ct);

    public Task<IReadOnlyList<string>> SweepStaleAsync(IReadOnlySet<string> keepOuterDevs, CancellationToken ct) =>
        inner.SweepStaleAsync(keepOuterDevs, ct);

    public ValueTask DisposeAsync() => inner is IAsyncDisposable driver ? driver.DisposeAsync() : ValueTask.CompletedTask;

    private void Applied()
    {
        if (Interlocked.Increment(ref _applied) != killAfterLinks) return;
        Console.Error.WriteLine($"engine-host: {killAfterLinks} link(s) applied; killing myself with SIGKILL");
        kill(getpid(), SIGKILL);
    }

    private sealed class Counting(IContainerNetwork network, KillingNetworkDriver driver) : IContainerNetwork
    {
        public async Task<LinkApplied> ApplyAsync(LinkPlan link, CancellationToken ct)
        {
            var outcome = await network.ApplyAsync(link, ct).ConfigureAwait(false);
            driver.Applied();
            return outcome;
        }

        public Task ApplyForwardsAsync(LinkPlan link, CancellationToken ct) => network.ApplyForwardsAsync(link, ct);

        public Task RemoveAsync(LinkPlan link, CancellationToken ct) => network.RemoveAsync(link, ct);

        public Task SetDownAsync(LinkPlan link, CancellationToken ct) => network.SetDownAsync(link, ct);

        public Task<bool> SetUpAsync(LinkPlan link, CancellationToken ct) => network.SetUpAsync(link, ct);

        public Task WaitOperationalAsync(LinkPlan link, TimeSpan timeout, CancellationToken ct) => network.WaitOperationalAsync(link, timeout, ct);

        public Task<LinkApplied> ReconfigureAsync(LinkPlan old, LinkPlan @new, CancellationToken ct) => network.ReconfigureAsync(old, @new, ct);

        public Task SetNetemAsync(LinkPlan link, Conlink.Syntax.Netem.NetemSpec? netem, CancellationToken ct) => network.SetNetemAsync(link, netem, ct);

        public void Dispose() => network.Dispose();
    }
}
