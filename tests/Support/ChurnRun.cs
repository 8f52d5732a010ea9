using System.Diagnostics;

namespace Conlink.Testing;

/// <summary>
/// Carries a churn scenario out against a hosted engine, batch by batch. After each batch it waits
/// until the engine reports exactly the planned links all ready (what is timed), and after every
/// <c>kernelCheckEvery</c>th batch (and the last) it checks that the kernel holds exactly the
/// planned state. A failure names the seed and the batch, so the run can be replayed.
/// </summary>
public sealed class ChurnRun(HostedEngine host, ChurnScenario scenario, Action<string> log)
{
    /// <param name="Applying">How long carrying the operations out on the runtime took (the containers' share).</param>
    /// <param name="Converging">From the batch's first operation until the engine reported it all ready.</param>
    /// <param name="EngineResidentBytes">The engine's RSS once the batch converged.</param>
    public sealed record Batch(int OperationsDone, TimeSpan Applying, TimeSpan Converging, long EngineResidentBytes);

    public async Task<IReadOnlyList<Batch>> RunAsync(int operations, int batchSize, int kernelCheckEvery)
    {
        var all = scenario.Operations(operations);
        log($"churn: {operations} operations on {ChurnScenario.Replicas.Values.Sum()} containers, seed {scenario.Seed} "
            + $"(replay with {ChurnScenario.SeedVariable}={scenario.Seed})");
        var batches = new List<Batch>();
        for (var start = 0; start < all.Count; start += batchSize)
        {
            var batch = all.Skip(start).Take(batchSize).ToList();
            var number = batches.Count + 1;
            log($"batch {number}: {string.Join("; ", batch)}");
            try
            {
                var before = host.Running().ToDictionary(c => c.Name, c => c.Pid);
                var since = DateTimeOffset.UtcNow;
                var timer = Stopwatch.StartNew();
                foreach (var operation in batch) ChurnScenario.Apply(operation, host.Runtime);
                var applying = timer.Elapsed;
                // Started or restarted: their links must be the ones made after this batch began.
                var rebuilt = host.Running().Where(c => before.GetValueOrDefault(c.Name) != c.Pid).Select(c => c.Name).ToHashSet();
                await host.EngineReadyAsync(rebuilt, since).ConfigureAwait(false);
                timer.Stop();
                var done = start + batch.Count;
                batches.Add(new Batch(done, applying, timer.Elapsed, host.Engine!.Process.ResidentBytes()));
                if (number % kernelCheckEvery == 0 || done == all.Count)
                    await KernelState.ConvergedAsync(host.ReadKernel, host.Planned(), HostedEngine.ConvergeTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or KernelStateMismatchException)
            {
                throw new ChurnFailedException(
                    $"churn seed {scenario.Seed}, batch {number} ({string.Join("; ", batch)}): {e.Message}\n"
                    + $"replay with {ChurnScenario.SeedVariable}={scenario.Seed}", e);
            }
        }
        return batches;
    }
}

public sealed class ChurnFailedException(string message, Exception inner) : Exception(message, inner);
