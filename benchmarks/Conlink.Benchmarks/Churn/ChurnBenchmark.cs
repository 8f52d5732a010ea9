using System.Globalization;
using Conlink.Testing;

namespace Conlink.Benchmarks.Churn;

/// <summary>
/// The churn test's twin: N seeded start/stop/restart/scale operations on 10 containers against
/// the engine in its own process (the engine host) on the real kernel, in batches of
/// <see cref="BatchSize"/>. Timed is each batch from its first operation until the engine reports
/// exactly the planned links ready (the operations include starting the namespace processes that
/// stand in for containers); every <see cref="KernelCheckEvery"/>th batch, untimed, the kernel must
/// hold exactly the planned state. The engine's RSS after the first 100 operations and after all
/// of them shows whether its memory grows.
/// </summary>
internal static class ChurnBenchmark
{
    private const int BatchSize = 10;
    private const int KernelCheckEvery = 10;
    private const int EarlyOperations = 100;

    public static int Run(int operations)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Console.Error.WriteLine("the churn benchmark needs root: it creates network namespaces");
            return 1;
        }
        var scenario = new ChurnScenario(ChurnScenario.SeedFromEnvironment());
        using var host = new HostedEngine(ChurnScenario.Compose);
        host.StartEngine();
        var batches = new ChurnRun(host, scenario, _ => { }).RunAsync(operations, BatchSize, KernelCheckEvery).GetAwaiter().GetResult();

        var converging = batches.Aggregate(TimeSpan.Zero, (sum, b) => sum + b.Converging);
        var applying = batches.Aggregate(TimeSpan.Zero, (sum, b) => sum + b.Applying);
        var opsPerSecond = operations / converging.TotalSeconds;
        var early = batches.First(b => b.OperationsDone >= Math.Min(EarlyOperations, operations));
        var end = batches[^1];
        Console.WriteLine($"churn: {operations} operations on {ChurnScenario.Replicas.Values.Sum()} containers (seed {scenario.Seed}), "
            + $"batches of {BatchSize}, kernel checked every {KernelCheckEvery} batches and at the end: every check held");
        Console.WriteLine($"  {converging.TotalSeconds:F1} s until the engine reported each batch ready: {opsPerSecond:F1} operations/s "
            + $"({applying.TotalSeconds:F1} s of it starting and stopping the namespace processes that stand in for containers)");
        Console.WriteLine($"  engine RSS after {early.OperationsDone} operations {Megabytes(early.EngineResidentBytes)} MB, "
            + $"after {end.OperationsDone} {Megabytes(end.EngineResidentBytes)} MB");
        var samples = batches.Where(b => b.OperationsDone % SampleEvery(operations) == 0 || b == early)
            .Select(b => $"{b.OperationsDone}: {Megabytes(b.EngineResidentBytes)}");
        Console.WriteLine($"  engine RSS (MB) by operations done: {string.Join(", ", samples)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT churn ops={operations} ops_per_s={opsPerSecond:F1} rss_start_mb={Megabytes(early.EngineResidentBytes)} rss_end_mb={Megabytes(end.EngineResidentBytes)}"));
        return 0;
    }

    /// <summary>About ten RSS samples across the run, on batch boundaries.</summary>
    private static int SampleEvery(int operations) => Math.Max(BatchSize, operations / 10 / BatchSize * BatchSize);

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture);
}
