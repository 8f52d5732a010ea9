using System.Diagnostics;
using System.Globalization;
using Conlink.Config.Model;
using Docker.DotNet.Models;

namespace Conlink.Benchmarks.Docker;

/// <summary>
/// conlink as the sidecar on the real Docker engine, with N replicas of a service that has one
/// veth link each. Docker starts containers slowly, so the replicas are up before conlink starts
/// and compose is not timed; what is timed is conlink:
/// <list type="number">
/// <item>burst: from conlink's container start (Docker's StartedAt) until every replica has its
/// address, seen from each replica's namespace; and until conlink logs "All links connected";</item>
/// <item>restart: <c>docker restart</c> of one replica, from the restart's return until its address
/// is back (the median of <see cref="Restarts"/> replicas);</item>
/// <item>CPU: what conlink's container used over the whole run (its cgroup, through Docker's stats).</item>
/// </list>
/// The milestones of conlink's log (Docker's receive times) show where the burst time goes.
/// </summary>
internal static class DockerBurstBenchmark
{
    private const int Restarts = 3;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly (string Label, string Text)[] Milestones =
    [
        ("first log line (process up, config loaded)", ""),
        ("engine planned the config", "INFO  planned:"),
        ("docker listed the running containers", "INFO  docker:"),
        ("first link created", " created veth "),
        ("All links connected", "All links connected"),
    ];

    public static int Run(int replicas)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Console.Error.WriteLine("the docker benchmark needs root: it watches the containers' network namespaces");
            return 1;
        }
        return RunAsync(replicas).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int replicas)
    {
        var nodeImage = Environment.GetEnvironmentVariable("NODE_IMAGE") ?? "local/busybox";
        var conlinkImage = Environment.GetEnvironmentVariable("CONLINK_IMAGE") ?? "conlink";
        using var project = new BenchProject(replicas, nodeImage, conlinkImage);
        using var deadline = new CancellationTokenSource(Deadline);

        Console.Error.WriteLine($"starting {replicas} replicas of {nodeImage} (not timed)...");
        var up = Stopwatch.StartNew();
        project.Up(BenchProject.Node);
        up.Stop();
        var nodes = await project.ContainersAsync(BenchProject.Node);
        if (nodes.Count != replicas) throw new InvalidOperationException($"{nodes.Count} replicas running, expected {replicas}");

        var (started, addressed) = await BurstAsync(project, nodes, deadline.Token);
        var sidecar = (await project.ContainersAsync(BenchProject.Sidecar)).Values.Single();
        var log = await WaitForLogAsync(project, sidecar, "All links connected", deadline.Token);
        var restarts = new List<(int Index, double FromReturn, double FromStart)>();
        foreach (var index in RestartedReplicas(replicas))
            restarts.Add(await RestartAsync(project, index, nodes[index], deadline.Token));
        var cpu = await project.CpuAsync(sidecar);

        var burst = (addressed.Max() - started).TotalMilliseconds;
        var connected = (log.FirstWith("All links connected")!.Value - started).TotalMilliseconds;
        var restart = Median(restarts.Select(r => r.FromReturn));
        Report(replicas, conlinkImage, up.Elapsed, started, addressed, log, restarts, cpu);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT docker replicas={replicas} burst_ms={burst:F0} connected_ms={connected:F0} restart_ms={restart:F1} cpu_s={cpu.TotalSeconds:F2}"));
        return 0;
    }

    /// <summary>Starts conlink with every replica's namespace watched; returns its start and when each replica had its address.</summary>
    private static async Task<(DateTimeOffset Started, DateTimeOffset[] Addressed)> BurstAsync(
        BenchProject project, SortedDictionary<int, string> nodes, CancellationToken ct)
    {
        var watches = new List<AddressWatch>();
        try
        {
            foreach (var (index, id) in nodes)
                watches.Add(new AddressWatch(await PidAsync(project, id), BenchProject.Dev, AddressOf(index)));
            var addressed = watches.Select(w => w.WhenAddressedAsync(ct)).ToList();

            project.Up(BenchProject.Sidecar);

            var sidecar = (await project.ContainersAsync(BenchProject.Sidecar)).Values.Single();
            var started = DockerLog.ParseTime((await project.InspectAsync(sidecar)).State.StartedAt);
            return (started, await Task.WhenAll(addressed));
        }
        finally
        {
            foreach (var watch in watches) watch.Dispose();
        }
    }

    private static async Task<(int Index, double FromReturn, double FromStart)> RestartAsync(
        BenchProject project, int index, string id, CancellationToken ct)
    {
        await project.Docker.Containers.RestartContainerAsync(id, new ContainerRestartParameters { WaitBeforeKillSeconds = 1 }, ct);
        var returned = DateTimeOffset.UtcNow;
        var inspected = await project.InspectAsync(id);
        using var watch = new AddressWatch((int)inspected.State.Pid, BenchProject.Dev, AddressOf(index));
        var addressed = await watch.WhenAddressedAsync(ct);
        return (index, (addressed - returned).TotalMilliseconds, (addressed - DockerLog.ParseTime(inspected.State.StartedAt)).TotalMilliseconds);
    }

    private static async Task<DockerLog> WaitForLogAsync(BenchProject project, string id, string text, CancellationToken ct)
    {
        while (true)
        {
            var log = DockerLog.Parse(project.TimestampedLog(id));
            if (log.FirstWith(text) is not null) return log;
            await Task.Delay(100, ct);
        }
    }

    private static void Report(int replicas, string image, TimeSpan up, DateTimeOffset started, DateTimeOffset[] addressed,
        DockerLog log, List<(int Index, double FromReturn, double FromStart)> restarts, TimeSpan cpu)
    {
        var after = addressed.Select(a => (a - started).TotalMilliseconds).Order().ToList();
        Console.WriteLine($"docker benchmark: {replicas} replicas with one veth link each on a linux bridge, conlink {image} as the sidecar");
        Console.WriteLine($"({Environment.ProcessorCount} cores; compose started the replicas in {up.TotalSeconds:F1} s, not counted;");
        Console.WriteLine(" times in ms from conlink's container start, Docker's StartedAt)");
        Console.WriteLine();
        Console.WriteLine("  burst");
        foreach (var (label, text) in Milestones)
        {
            var at = text.Length == 0 ? log.First : log.FirstWith(text);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {label,-46} {(at is { } t ? $"{(t - started).TotalMilliseconds,8:F0}" : "       -")}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {"first replica has its address",-46} {after[0],8:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {"half of the replicas have theirs",-46} {after[(after.Count - 1) / 2],8:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {"every replica has its address (burst)",-46} {after[^1],8:F0}"));
        Console.WriteLine("  restart (docker restart of one replica)");
        foreach (var (index, fromReturn, fromStart) in restarts)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    replica {index,-4} address back {fromReturn,6:F1} ms after the restart returned, {fromStart,6:F1} ms after the container started"));
        Console.WriteLine("  CPU");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    conlink's container over the run             {cpu.TotalSeconds,8:F2} s  ({cpu.TotalMilliseconds / replicas:F1} ms per link, startup included)"));
    }

    private static IEnumerable<int> RestartedReplicas(int replicas) =>
        new[] { 1, (replicas + 1) / 2, replicas }.Distinct().Take(Restarts);

    private static System.Net.IPAddress AddressOf(int index) =>
        CidrAddress.Parse(BenchProject.FirstAddress).Offset(index - 1)!.Value.Address;

    private static async Task<int> PidAsync(BenchProject project, string id) => (int)(await project.InspectAsync(id)).State.Pid;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[(sorted.Count - 1) / 2];
    }
}
