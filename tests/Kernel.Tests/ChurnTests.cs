using Conlink.Testing;
using Xunit.Abstractions;

namespace Conlink.Kernel.Tests;

/// <summary>
/// 300 random start/stop/restart/scale operations on 10 containers against the engine host on
/// the real kernel, in batches; after every batch the engine reports exactly the planned links
/// ready and the kernel holds exactly the planned state. The seed is printed; set
/// CONLINK_CHURN_SEED to replay a run.
/// </summary>
[Collection("kernel")]
[Trait("Category", "EngineProcess")]
public sealed class ChurnTests(ITestOutputHelper output)
{
    private const int Operations = 300;
    private const int BatchSize = 10;

    [SkippableFact]
    public async Task Random_churn_of_300_operations_on_10_containers_keeps_the_kernel_exactly_as_planned_after_every_batch()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        var scenario = new ChurnScenario(ChurnScenario.SeedFromEnvironment());
        using var host = new HostedEngine(ChurnScenario.Compose);
        host.StartEngine();

        try
        {
            var batches = await new ChurnRun(host, scenario, output.WriteLine).RunAsync(Operations, BatchSize, kernelCheckEvery: 1);

            Assert.Equal(Operations, batches[^1].OperationsDone);
        }
        catch (ChurnFailedException)
        {
            foreach (var line in host.Engine!.Log) output.WriteLine("engine: " + line);
            throw;
        }
    }
}
