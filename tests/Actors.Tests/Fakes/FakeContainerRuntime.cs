using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Conlink.Actors.Runtime;
using Conlink.Config.Planning;

namespace Conlink.Actors.Tests.Fakes;

/// <summary>
/// An in-memory container runtime: tests start, kill and restart "containers", and can cut the
/// event stream to simulate a lost connection.
/// </summary>
public sealed class FakeContainerRuntime(string name = "docker") : IContainerRuntime
{
    private readonly ConcurrentDictionary<string, ContainerIdentity> _running = new();
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

    public Task<IReadOnlyList<ContainerIdentity>> ListRunningAsync(CancellationToken ct)
    {
        if (_unreachable) return Task.FromException<IReadOnlyList<ContainerIdentity>>(new IOException("cannot connect"));
        Interlocked.Increment(ref ListCount);
        lock (_gate) _events = Channel.CreateUnbounded<ContainerEvent>();
        return Task.FromResult<IReadOnlyList<ContainerIdentity>>(_running.Values.ToList());
    }

    public Task<ContainerIdentity?> InspectAsync(string containerId, CancellationToken ct) =>
        Task.FromResult(_running.TryGetValue(containerId, out var c) ? c : null);

    public async IAsyncEnumerable<ContainerEvent> WatchAsync(DateTimeOffset since, [EnumeratorCancellation] CancellationToken ct)
    {
        Channel<ContainerEvent> events;
        lock (_gate) events = _events;
        await foreach (var e in events.Reader.ReadAllAsync(ct)) yield return e;
    }

    public Task<ExecResult> ExecAsync(string containerId, IReadOnlyList<string> argv, CancellationToken ct)
    {
        Execs.Enqueue((containerId, argv));
        return Task.FromResult(new ExecResult(0, ["ran " + string.Join(' ', argv)]));
    }

    private void Emit(ContainerEvent e)
    {
        lock (_gate) _events.Writer.TryWrite(e);
    }
}
