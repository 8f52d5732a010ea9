namespace Conlink.Kernel;

/// <summary>
/// Counts kernel work that was handed to the netlink threads and has not finished, so that what
/// the work uses (a namespace handle, the whole driver) is closed only once the last of it is done.
/// Work asked for after closing is refused. An engine that stops or crashes while a link is still
/// being made or removed thus never pulls a socket from under it.
/// </summary>
internal sealed class WorkInFlight(string what)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private bool _closed;
    private Action? _whenIdle;

    /// <summary>Completes once closed and no work is left.</summary>
    public Task Idle => _idle.Task;

    /// <exception cref="ObjectDisposedException">Closed already.</exception>
    public void Enter()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, what);
            _running++;
        }
    }

    public void Exit()
    {
        Action? finish;
        lock (_gate)
        {
            _running--;
            finish = _closed && _running == 0 ? TakeFinish() : null;
        }
        finish?.Invoke();
    }

    /// <summary>Refuses new work; runs <paramref name="whenIdle"/> now, or when the last running work ends.</summary>
    public void Close(Action whenIdle)
    {
        Action? finish;
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            _whenIdle = whenIdle;
            finish = _running == 0 ? TakeFinish() : null;
        }
        finish?.Invoke();
    }

    /// <summary>Runs <paramref name="work"/> (started by <paramref name="start"/>) counted as in flight.</summary>
    public Task<T> Run<T>(Func<Task<T>> start)
    {
        Enter();
        Task<T> task;
        try
        {
            task = start();
        }
        catch
        {
            Exit();
            throw;
        }
        task.ContinueWith(static (_, state) => ((WorkInFlight)state!).Exit(), this, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private Action TakeFinish()
    {
        var whenIdle = _whenIdle;
        _whenIdle = null;
        return () =>
        {
            try
            {
                whenIdle?.Invoke();
            }
            finally
            {
                _idle.TrySetResult();
            }
        };
    }
}
