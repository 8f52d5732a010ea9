using System.Collections.Concurrent;
using Conlink.Netlink.Errors;
using Microsoft.Win32.SafeHandles;
using static Tmds.Linux.LibC;

namespace Conlink.Netlink.Namespaces;

/// <summary>
/// The one thread that ever changes network namespace. It takes work items in order, switches into
/// the item's namespace (setns), runs it, and switches back before the next item. Thread-pool
/// threads never switch, so nothing else in the process can end up in a foreign namespace.
/// If switching back ever fails, the thread retires and a fresh one takes over the queue.
/// </summary>
internal sealed class NamespaceThread
{
    public static readonly NamespaceThread Instance = new();

    private readonly BlockingCollection<WorkItem> _queue = new();
    private readonly SafeFileHandle _home;
    private Thread _thread = null!;

    private NamespaceThread()
    {
        _home = NetNs.OpenPath("/proc/self/ns/net", "current").Handle;
        StartWorker();
    }

    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>Runs <paramref name="work"/> switched into <paramref name="target"/> (or in a namespace the work creates itself, when null).</summary>
    public Task<T> RunAsync<T>(NetNs? target, Func<T> work)
    {
        if (IsCurrentThread)
            throw new InvalidOperationException(
                "NetNs.Run cannot be nested: the namespace thread is already running work for a namespace");
        var item = new WorkItem<T>(target, work);
        _queue.Add(item);
        return item.Task;
    }

    private void StartWorker()
    {
        _thread = new Thread(Work) { IsBackground = true, Name = "conlink-netns" };
        _thread.Start();
    }

    private void Work()
    {
        var home = ReturnHome();
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            if (!home)
            {
                item.Fail(new InvalidOperationException("the namespace thread cannot enter the process's own network namespace"));
                continue;
            }
            item.Execute();
            // Staying in the item's namespace would keep it alive, and run the next item in the wrong place.
            if (ReturnHome()) continue;
            StartWorker();
            return;
        }
    }

    private bool ReturnHome()
    {
        var added = false;
        _home.DangerousAddRef(ref added);
        try
        {
            return setns((int)_home.DangerousGetHandle(), CLONE_NEWNET) == 0;
        }
        finally
        {
            _home.DangerousRelease();
        }
    }

    private abstract class WorkItem
    {
        public abstract void Execute();

        public abstract void Fail(Exception reason);
    }

    private sealed class WorkItem<T>(NetNs? target, Func<T> work) : WorkItem
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _completion.Task;

        public override void Execute()
        {
            try
            {
                if (target is not null) Enter(target);
                _completion.SetResult(work());
            }
            catch (Exception e)
            {
                _completion.SetException(e);
            }
        }

        public override void Fail(Exception reason) => _completion.SetException(reason);

        private static void Enter(NetNs target)
        {
            var added = false;
            target.Handle.DangerousAddRef(ref added);
            try
            {
                if (setns((int)target.Handle.DangerousGetHandle(), CLONE_NEWNET) != 0)
                    throw new NetlinkException(errno, new OperationContext(Operation.NamespaceEnter), target.DisplayName, null);
            }
            finally
            {
                target.Handle.DangerousRelease();
            }
        }
    }
}
