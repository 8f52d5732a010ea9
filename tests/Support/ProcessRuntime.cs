using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Conlink.Actors.Ports;
using Conlink.Config.Planning;

namespace Conlink.Testing;

/// <summary>
/// A container runtime whose containers are <see cref="NamespaceProcess"/>es, registered as one
/// JSON file each in a directory. Because the registry is a directory, an engine in another
/// process (one a test can kill -9) follows the same containers as the test that starts them.
/// </summary>
public sealed class ProcessRuntime : IContainerRuntime, IDisposable
{
    private readonly ConcurrentDictionary<string, NamespaceProcess> _owned = new();

    public ProcessRuntime(string directory, string name = "processes")
    {
        Directory.CreateDirectory(directory);
        RegistryDirectory = directory;
        Name = name;
    }

    public string Name { get; }
    public string RegistryDirectory { get; }

    /// <summary>Starts a "container": a process in a new namespace, announced through the registry.</summary>
    public ContainerIdentity Start(string name, string? service = null, int index = 1, string project = "test")
    {
        var identity = Launch(name, service, index, project);
        Announce(identity);
        return identity;
    }

    /// <summary>Starts the container's process without announcing it yet (so many can be announced at once).</summary>
    public ContainerIdentity Launch(string name, string? service = null, int index = 1, string project = "test")
    {
        var process = NamespaceProcess.Start();
        var identity = new ContainerIdentity
        {
            Id = IdOf(name), Name = name, Service = service, Index = index, Project = project, Pid = process.Pid,
        };
        _owned[identity.Id] = process;
        return identity;
    }

    /// <summary>Registers a launched container: to a watching engine, this is its start event.</summary>
    public void Announce(ContainerIdentity identity)
    {
        var file = PathOf(identity.Id);
        File.WriteAllText(file + ".tmp", JsonSerializer.Serialize(Record.From(identity)));
        File.Move(file + ".tmp", file, overwrite: true);
    }

    /// <summary>Stops a container: its process is killed (its namespace with it) and it leaves the registry.</summary>
    public void Stop(string name)
    {
        var id = IdOf(name);
        if (_owned.TryRemove(id, out var process)) process.Dispose();
        File.Delete(PathOf(id));
    }

    public ContainerIdentity Restart(string name)
    {
        var old = Read(PathOf(IdOf(name))) ?? throw new InvalidOperationException($"{name} is not running");
        Stop(name);
        return Start(name, old.Service, old.Index, old.Project ?? "test");
    }

    public Task<IReadOnlyList<ContainerIdentity>> ListRunningAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ContainerIdentity>>(Directory.EnumerateFiles(RegistryDirectory, "*.json")
            .Select(Read).OfType<ContainerIdentity>().Where(IsAlive).ToList());

    public Task<ContainerIdentity?> InspectAsync(string containerId, CancellationToken ct) =>
        Task.FromResult(Read(PathOf(containerId)) is { } c && IsAlive(c) ? c : null);

    /// <summary>Watches the registry: a file that appears is a start, one that goes is a die. The watch is in place when this returns.</summary>
    public Task<ChannelReader<ContainerEvent>> SubscribeAsync(CancellationToken ct)
    {
        var events = Channel.CreateUnbounded<ContainerEvent>();
        var watcher = new FileSystemWatcher(RegistryDirectory, "*.json");
        watcher.Created += (_, e) => events.Writer.TryWrite(new ContainerEvent(ContainerEventKind.Start, Path.GetFileNameWithoutExtension(e.Name!)));
        watcher.Renamed += (_, e) => events.Writer.TryWrite(new ContainerEvent(ContainerEventKind.Start, Path.GetFileNameWithoutExtension(e.Name!)));
        watcher.Deleted += (_, e) => events.Writer.TryWrite(new ContainerEvent(ContainerEventKind.Die, Path.GetFileNameWithoutExtension(e.Name!)));
        watcher.Error += (_, e) => events.Writer.TryComplete(e.GetException());
        watcher.EnableRaisingEvents = true;
        ct.Register(() =>
        {
            watcher.Dispose();
            events.Writer.TryComplete();
        });
        return Task.FromResult(events.Reader);
    }

    public async Task<ExecResult> ExecAsync(string containerId, IReadOnlyList<string> argv, CancellationToken ct)
    {
        var c = Read(PathOf(containerId)) ?? throw new InvalidOperationException($"{containerId} is not running");
        var psi = new ProcessStartInfo("nsenter", [$"--net=/proc/{c.Pid}/ns/net", "--", .. argv])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct) + await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return new ExecResult(process.ExitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public void Dispose()
    {
        foreach (var name in _owned.Keys.ToList())
            if (_owned.TryRemove(name, out var process)) process.Dispose();
        foreach (var file in Directory.EnumerateFiles(RegistryDirectory, "*.json")) File.Delete(file);
    }

    public static string IdOf(string name) => name;

    private string PathOf(string id) => Path.Combine(RegistryDirectory, id + ".json");

    private static bool IsAlive(ContainerIdentity c) => Directory.Exists($"/proc/{c.Pid}") && File.Exists($"/proc/{c.Pid}/ns/net");

    private static ContainerIdentity? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Record>(File.ReadAllText(path))?.ToIdentity();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    private sealed record Record(string Id, string Name, string? Service, string? Project, int Index, int Pid)
    {
        public static Record From(ContainerIdentity c) => new(c.Id, c.Name, c.Service, c.Project, c.Index, c.Pid);

        public ContainerIdentity ToIdentity() => new()
        {
            Id = Id, Name = Name, Service = Service, Project = Project, Index = Index, Pid = Pid,
        };
    }
}
