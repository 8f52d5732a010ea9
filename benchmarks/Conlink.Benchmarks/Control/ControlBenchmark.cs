using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Conlink.Benchmarks.Shared;
using Conlink.Config.Planning;
using Conlink.Host.Status;
using Conlink.Host;
using Conlink.Netlink.Links;
using Conlink.Netlink.Monitor;
using Conlink.Netlink.Namespaces;

namespace Conlink.Benchmarks.Control;

/// <summary>
/// Live control through the whole path: N link down/up requests over the control socket (HTTP,
/// as <c>conlink link down</c> sends them), each timed from the request to the carrier change
/// seen by a netlink monitor in the container's namespace; then one <c>apply</c> that changes the
/// address of 100 links (100 containers), timed to the engine's answer, checked on the kernel.
/// </summary>
internal static class ControlBenchmark
{
    private const double TargetP99Ms = 10;
    private const double TargetApplyMs = 500;
    private const int ApplyContainers = 100;
    private const int WarmupRequests = 10;

    private static string Network(int third) => $$"""
        links:
          - {service: node, bridge: s1, ip: 10.{{third}}.0.1/16}
        """;

    public static int Run(int requests)
    {
        using var lab = InProcessLab.Open("control");
        if (lab is null) return 1;
        var socket = Path.Combine(lab.Work, "control.sock");
        var before = lab.Load("before.yaml", Network(10), networkFile: true);
        var after = lab.Load("after.yaml", Network(20), networkFile: true);
        var nodes = lab.Launch(ApplyContainers);
        var engine = lab.Start(lab.Options(before) with { Status = StatusListener.Unix(socket) });
        try
        {
            foreach (var node in nodes) lab.Runtime.Announce(node);
            InProcessLab.WaitForLinks(engine, ApplyContainers, TimeSpan.FromSeconds(120));

            // The first requests pay for JIT compilation of the control path (the first one took 40-45 ms):
            // a user's first 'conlink link down' does too, so it is reported, but apart.
            var cold = DownUp(socket, nodes[0], WarmupRequests);
            var samples = DownUp(socket, nodes[0], requests);
            var apply = Stopwatch.StartNew();
            var reply = engine.ApplyAsync(after, dryRun: false).GetAwaiter().GetResult();
            apply.Stop();
            if (!reply.Result.Succeeded || reply.Diff!.LinkChanges != ApplyContainers)
                throw new InvalidOperationException($"benchmark result is wrong: the apply answered {reply.Result.Message}");
            InProcessLab.VerifyAddresses(nodes, node => $"10.20.{node.Index / 256}.{node.Index % 256}/16", " after the apply");
            Report(requests, cold[0], samples, apply.Elapsed.TotalMilliseconds);
            engine.StopAsync().Wait();
        }
        finally
        {
            engine.DisposeAsync().AsTask().Wait();
        }
        return 0;
    }

    /// <summary>Alternates down and up; each sample is from sending the request to the monitor seeing the container end's carrier change.</summary>
    private static double[] DownUp(string socket, ContainerIdentity node, int requests)
    {
        using var ns = NetNs.OfProcess(node.Pid);
        using var monitor = LinkMonitor.Open(ns);
        var target = $"{node.Name}:eth0";
        var samples = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var down = i % 2 == 0;
            var timer = Stopwatch.StartNew();
            var status = Post(socket, $"/links/{target}/{(down ? "down" : "up")}");
            if (status != 200) throw new InvalidOperationException($"request {i} answered {status}");
            WaitForCarrier(monitor, carrier: !down);
            samples[i] = timer.Elapsed.TotalMilliseconds;
        }
        if (requests % 2 == 1) Post(socket, $"/links/{target}/up");
        return samples;
    }

    private static void WaitForCarrier(LinkMonitor monitor, bool carrier)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var e = monitor.Events.ReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
            if (e.Link is { Name: "eth0" } link && ((link.Flags & InterfaceFlags.LowerUp) != 0) == carrier) return;
        }
    }

    private static int Post(string path, string target)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        socket.Send(Encoding.ASCII.GetBytes($"POST {target} HTTP/1.1\r\nHost: conlink\r\nContent-Length: 0\r\n\r\n"));
        var buffer = new byte[4096];
        var length = 0;
        int n;
        while ((n = socket.Receive(buffer, length, buffer.Length - length, SocketFlags.None)) > 0 && length + n < buffer.Length) length += n;
        var head = Encoding.ASCII.GetString(buffer, 0, Math.Max(length, 12));
        return int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private static void Report(int requests, double coldMs, double[] samples, double applyMs)
    {
        var sorted = samples.Order().ToArray();
        double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        var p50 = Percentile(0.50);
        var p99 = Percentile(0.99);
        Console.WriteLine($"live control: {requests} link down/up requests over the control socket, request -> carrier change seen by a netlink monitor;");
        Console.WriteLine($"then one apply changing the address of {ApplyContainers} links ({ApplyContainers} containers) in place ({Environment.ProcessorCount} cores)");
        Console.WriteLine();
        Console.WriteLine($"{"first request (cold)",-30} {coldMs,10:F2} ms   (then {WarmupRequests - 1} more not counted)");
        Console.WriteLine($"{"down/up p50",-30} {p50,10:F2} ms");
        Console.WriteLine($"{"down/up p99",-30} {p99,10:F2} ms   (max {sorted[^1]:F2} ms)");
        Console.WriteLine($"{"apply of 100 links",-30} {applyMs,10:F1} ms");
        var slowest = samples.Select((ms, i) => (ms, i)).OrderByDescending(s => s.ms).Take(Math.Max(1, samples.Length / 100)).OrderBy(s => s.i);
        Console.WriteLine($"{"slowest 1% (request: ms)",-30} {string.Join(", ", slowest.Select(s => $"#{s.i} {(s.i % 2 == 0 ? "down" : "up")}: {s.ms:F1}"))}");
        Console.WriteLine($"{"GC collections gen0/1/2",-30} {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, pause {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms in all");
        Console.WriteLine();
        Console.WriteLine($"targets: p99 under {TargetP99Ms} ms: {(p99 < TargetP99Ms ? "met" : "MISSED")}; apply of 100 links under {TargetApplyMs} ms: {(applyMs < TargetApplyMs ? "met" : "MISSED")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT control down_up_p50_ms={p50:F2} down_up_p99_ms={p99:F2} apply100_ms={applyMs:F1}"));
    }
}
