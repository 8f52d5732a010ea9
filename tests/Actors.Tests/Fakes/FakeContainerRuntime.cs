using System.Collections.Concurrent;
using System.Threading.Channels;
using Conlink.Actors.Ports;
using Conlink.Config.Planning;

namespace Conlink.Actors.Tests.Fakes;

/// <summary>
/// An in-memory container runtime: tests start, kill and restart "containers", and can cut the
/// event stream to simulate a lost connection.
/// </summary>
public sealed class FakeContainerRuntime(string name = "docker") : IContainerRuntime
{
    private readonly ConcurrentDictionary<string, ContainerIdentity> _running = new();
    private readonly ConcurrentDictionary<string, ContainerIdentity> _created = new();
    private readonly Lock _gate = new();
    private Channel<ContainerEvent> _events = Channel.CreateUnbounded<ContainerEvent>();
    private int _nextPid = 1000;
    private volatile bool _unreachable;

    public string Name { get; } = name;
    public ConcurrentQueue<(string ContainerId, IReadOnlyList<string> Argv)> Execs { get; } = new();
    public int ListCount;

    public ContainerIdentity Start(string containerName, string? service = null, int index = 1, string? project = "proj")
    {
        var identity = new ContainerIdentity
        {
            Id = IdOf(containerName),
            Name = containerName,
            Service = service,
            Project = project,
            Index = index,
            Pid = Interlocked.Increment(ref _nextPid),
        };
        _created.TryRemove(identity.Id, out _);
        _running[identity.Id] = identity;
        Emit(new ContainerEvent(ContainerEventKind.Start, identity.Id));
        return identity;
    }

    /// <summary>A container that is already running when conlink starts (no event).</summary>
    public ContainerIdentity Existing(string containerName, string? service = null, int index = 1)
    {
        var identity = new ContainerIdentity
        {
            Id = IdOf(containerName), Name = containerName, Service = service, Project = "proj", Index = index,
            Pid = Interlocked.Increment(ref _nextPid),
        };
        _running[identity.Id] = identity;
        return identity;
    }

    /// <summary>A container made but not started (<c>docker compose create</c>); <paramref name="emit"/> false: it exists before conlink starts.</summary>
    public ContainerIdentity Create(string containerName, string? service = null, int index = 1, bool emit = true)
    {
        var identity = new ContainerIdentity { Id = IdOf(containerName), Name = containerName, Service = service, Project = "proj", Index = index };
        _created[identity.Id] = identity;
        if (emit) Emit(new ContainerEvent(ContainerEventKind.Create, identity.Id));
        return identity;
    }

    /// <summary>Removes a container (<c>docker rm</c>): a destroy event.</summary>
    public void Remove(string containerName)
    {
        _created.TryRemove(IdOf(containerName), out _);
        _running.TryRemove(IdOf(containerName), out _);
        Emit(new ContainerEvent(ContainerEventKind.Destroy, IdOf(containerName)));
    }

    /// <summary>A created container whose start fails: it exits without running (a die event, then it is exited, not created).</summary>
    public void FailToStart(string containerName)
    {
        _created.TryRemove(IdOf(containerName), out _);
        Emit(new ContainerEvent(ContainerEventKind.Die, IdOf(containerName)));
    }

    public Task<IReadOnlyList<ContainerIdentity>> ListCreatedAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ContainerIdentity>>(_created.Values.ToList());

    public Task<ContainerIdentity?> InspectCreatedAsync(string containerId, CancellationToken ct) =>
        Task.FromResult(_created.TryGetValue(containerId, out var c) ? c : null);

    public void Die(string containerName, bool emit = true)
    {
        _running.TryRemove(IdOf(containerName), out _);
        if (emit) Emit(new ContainerEvent(ContainerEventKind.Die, IdOf(containerName)));
    }

    public ContainerIdentity Restart(string containerName)
    {
        var old = _running[IdOf(containerName)];
        Die(containerName);
        return Start(containerName, old.Service, old.Index, old.Project);
    }

    /// <summary>Re-sends an event that was already delivered (engines do repeat themselves).</summary>
    public void EmitStartAgain(string containerName) => Emit(new ContainerEvent(ContainerEventKind.Start, IdOf(containerName)));

    /// <summary>Cuts the event stream and refuses calls until <see cref="Reconnect"/>.</summary>
    public void Disconnect()
    {
        _unreachable = true;
        lock (_gate) _events.Writer.TryComplete(new IOException("connection reset"));
    }

    public void Reconnect() => _unreachable = false;

    public static string IdOf(string containerName) => (containerName + new string('0', 64))[..64].Replace('_', 'a').Replace('-', 'b');

    /// <summary>Events go to the latest subscriber only from the moment it subscribed on, as an engine without replay would send them.</summary>
    public Task<ChannelReader<ContainerEvent>> SubscribeAsync(CancellationToken ct)
    {
        if (_unreachable) return Task.FromException<ChannelReader<ContainerEvent>>(new IOException("cannot connect"));
        var events = Channel.CreateUnbounded<ContainerEvent>();
        lock (_gate) _events = events;
        AfterSubscribe?.Invoke();
        return Task.FromResult(events.Reader);
    }

    /// <summary>Runs right after a subscription is in place, before the list: a container started here is both listed and an event.</summary>
    public Action? AfterSubscribe { get; set; }

    public Task<IReadOnlyList<ContainerIdentity>> ListRunningAsync(CancellationToken ct)
    {
        if (_unreachable) return Task.FromException<IReadOnlyList<ContainerIdentity>>(new IOException("cannot connect"));
        Interlocked.Increment(ref ListCount);
        var listed = _running.Values.ToList();
        AfterList?.Invoke();
        return Task.FromResult<IReadOnlyList<ContainerIdentity>>(listed);
    }

    /// <summary>Runs right after the list is taken, before it is returned: where a container can start unseen by the list.</summary>
    public Action? AfterList { get; set; }

    /// <summary>How many more inspects of a container fail as a busy engine's do (not "no such container").</summary>
    public ConcurrentDictionary<string, int> FailingInspects { get; } = new();

    public Task<ContainerIdentity?> InspectAsync(string containerId, CancellationToken ct)
    {
        if (FailingInspects.TryGetValue(containerId, out var failures) && failures > 0)
        {
            FailingInspects[containerId] = failures - 1;
            return Task.FromException<ContainerIdentity?>(new IOException("engine answered 500: internal server error"));
        }
        return Task.FromResult(_running.TryGetValue(containerId, out var c) ? c : null);
    }

    /// <summary>When set, runs each exec instead of answering at once (a command that never exits, one that prints a lot).</summary>
    public Func<IReadOnlyList<string>, CancellationToken, Task<ExecResult>>? Exec { get; set; }

    public Task<ExecResult> ExecAsync(string containerId, IReadOnlyList<string> argv, CancellationToken ct)
    {
        Execs.Enqueue((containerId, argv));
        return Exec is { } exec ? exec(argv, ct) : Task.FromResult(new ExecResult(0, ["ran " + string.Join(' ', argv)]));
    }

    private void Emit(ContainerEvent e)
    {
        lock (_gate) _events.Writer.TryWrite(e);
    }
}
