using System.Diagnostics;
using System.Globalization;
using Conlink.Benchmarks.Shared;

namespace Conlink.Benchmarks.Engine;

/// <summary>
/// Convergence through the whole engine (actors, planner, kernel driver): N containers of one
/// service, each with one veth link with an IP and a default route, announced at once to a running
/// engine. Measures from the start events to "All links connected", and the process's peak RSS.
/// Containers are processes in fresh namespaces; bridges live in a throwaway namespace.
/// </summary>
internal static class EngineConvergence
{
    private const double TargetMs = 500;
    private const double TargetRssMb = 200;
    private const string Compose = """
        services:
          node:
            x-network:
              links:
                - {bridge: s1, ip: 10.0.0.1/16, route: "default via 10.0.255.254"}
        """;

    public static int Run(int containers)
    {
        using var lab = InProcessLab.Open("engine");
        if (lab is null) return 1;
        var config = lab.Load("compose.yaml", Compose, keepVethOffload: Environment.GetEnvironmentVariable("BENCH_KEEP_OFFLOAD") == "1");

        var launch = Stopwatch.StartNew();
        var nodes = lab.Launch(containers);
        launch.Stop();

        var engine = lab.Start(lab.Options(config, TraceSetting()));
        try
        {
            InProcessLab.WaitUntil(() => engine.StatusAsync(TimeSpan.FromSeconds(5)).Result.Synced, TimeSpan.FromSeconds(10));
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var converge = Stopwatch.StartNew();
            foreach (var node in nodes) lab.Runtime.Announce(node);
            InProcessLab.WaitForLinks(engine, containers, TimeSpan.FromSeconds(120));
            converge.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            InProcessLab.VerifyAddresses(nodes, node => $"10.0.{node.Index / 256}.{node.Index % 256}/16");
            Report(containers, launch.Elapsed, converge.Elapsed, cpu);
            engine.StopAsync().Wait();
        }
        finally
        {
            engine.DisposeAsync().AsTask().Wait();
        }
        return 0;
    }

    /// <summary>BENCH_TRACE=FILE writes the engine's trace, to see where the time goes.</summary>
    private static string TraceSetting() =>
        Environment.GetEnvironmentVariable("BENCH_TRACE") is { Length: > 0 } file ? $"conlink.trace.file = \"{file}\"" : "";

    private static void Report(int containers, TimeSpan launch, TimeSpan converge, TimeSpan cpu)
    {
        using var self = Process.GetCurrentProcess();
        var peakMb = self.PeakWorkingSet64 / (1024.0 * 1024.0);
        var ms = converge.TotalMilliseconds;
        Console.WriteLine($"engine convergence: {containers} containers of one service, one veth each (IP, default route, ethtool --offload tx off),");
        Console.WriteLine($"announced at once to a running engine ({Environment.ProcessorCount} cores); starting their processes took {launch.TotalMilliseconds:F0} ms (not counted)");
        Console.WriteLine();
        Console.WriteLine($"{"start events -> All links connected",-40} {ms,10:F1} ms  ({ms / containers:F2} ms/link)");
        Console.WriteLine($"{"engine CPU during convergence",-40} {cpu.TotalMilliseconds,10:F1} ms  ({cpu.TotalMilliseconds / containers:F2} ms/link)");
        Console.WriteLine($"{"peak RSS of the process",-40} {peakMb,10:F1} MB");
        if (containers == 100)
        {
            Console.WriteLine();
            Console.WriteLine($"target at N=100: under {TargetMs} ms: {(ms < TargetMs ? "met" : "MISSED")}; under {TargetRssMb} MB RSS: {(peakMb < TargetRssMb ? "met" : "MISSED")}");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT engine containers={containers} links={containers} ms={ms:F1} peak_rss_mb={peakMb:F1}"));
    }
}
