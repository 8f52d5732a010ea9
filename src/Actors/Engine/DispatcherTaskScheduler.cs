using Akka.Dispatch;

namespace Conlink.Actors.Engine;

/// <summary>
/// Runs tasks on an Akka dispatcher's threads. The engine uses it so netlink work runs on the
/// dedicated <c>conlink.netlink-dispatcher</c> threads, configured in HOCON, not on the thread pool.
/// </summary>
public sealed class DispatcherTaskScheduler(MessageDispatcher dispatcher) : TaskScheduler
{
    public override int MaximumConcurrencyLevel => Environment.ProcessorCount;

    protected override void QueueTask(Task task) => dispatcher.Schedule(() => TryExecuteTask(task));

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => [];
}
