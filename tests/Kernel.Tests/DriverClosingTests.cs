using Conlink.Actors.Ports;
using Conlink.Actors.Tracing;
using Conlink.Netlink.Namespaces;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Closing what kernel work still uses: a container's network closed while its link is being
/// removed, and the driver closed under it (the engine crashed or stopped), wait for that work
/// instead of pulling its socket away. Seen before as "removing eth0: Cannot access a disposed
/// object (NetlinkSocket)" when an engine was disposed with a removal in flight.
/// </summary>
[Collection("kernel")]
public sealed class DriverClosingTests : IDisposable
{
    private readonly string _bridgeNamespace = "cltest-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "conlink-test-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ProcessRuntime _runtime;

    public DriverClosingTests() => _runtime = new ProcessRuntime(_registry);

    public void Dispose()
    {
        _runtime.Dispose();
        NetNs.DeleteNamed(_bridgeNamespace);
        Directory.Delete(_registry, recursive: true);
    }

    [SkippableFact]
    public async Task A_removal_in_flight_when_its_network_and_the_driver_are_closed_still_completes_and_then_they_close()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        NetNs.OpenOrCreateNamed(_bridgeNamespace).Dispose();
        var scheduler = new StepScheduler();
        var driver = new KernelNetworkDriver(NetNs.OpenNamed(_bridgeNamespace), new NetworkContext(scheduler, NullTraceSink.Instance));
        var node = _runtime.Start("node_1", "node", 1);
        var plan = TestPlans.Veth(node, "eth0");
        var network = await scheduler.Run(driver.OpenContainerAsync(node, CancellationToken.None));
        await scheduler.Run(network.ApplyAsync(plan, CancellationToken.None));
        Assert.True(ContainerLinks.Has(node.Pid, "eth0"));

        var removal = network.RemoveAsync(plan, CancellationToken.None);
        network.Dispose();
        var closing = driver.DisposeAsync().AsTask();
        Assert.False(closing.IsCompleted, "the driver closed with a removal still waiting to run");
        scheduler.RunAll();

        await removal;
        await closing;
        Assert.False(ContainerLinks.Has(node.Pid, "eth0"), "the removal did not remove the link");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => network.RemoveAsync(plan, CancellationToken.None));
    }

    /// <summary>Runs the tasks queued to it only when told, so a test can hold kernel work "in flight".</summary>
    private sealed class StepScheduler : TaskScheduler
    {
        private readonly Lock _gate = new();
        private readonly List<Task> _queued = [];

        public void RunAll()
        {
            while (true)
            {
                Task[] batch;
                lock (_gate)
                {
                    batch = [.. _queued];
                    _queued.Clear();
                }
                if (batch.Length == 0) return;
                foreach (var task in batch) TryExecuteTask(task);
            }
        }

        public async Task<T> Run<T>(Task<T> task)
        {
            RunAll();
            return await task;
        }

        public async Task Run(Task task)
        {
            RunAll();
            await task;
        }

        protected override void QueueTask(Task task)
        {
            lock (_gate) _queued.Add(task);
        }

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

        protected override IEnumerable<Task> GetScheduledTasks()
        {
            lock (_gate) return [.. _queued];
        }
    }
}
