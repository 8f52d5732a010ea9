using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Conlink.Benchmarks.Shared;
using Conlink.Host.Capture;
using Conlink.Host;
using Conlink.Netlink.Capture;
using Conlink.Netlink.Namespaces;
using Conlink.Testing;

namespace Conlink.Benchmarks.Metrics;

/// <summary>
/// What seeing traffic costs. With N links up through the whole engine: the time of one Prometheus
/// scrape (status, one counter dump of the bridge namespace, the registry refreshed and written as
/// text), median of 20. Then capture throughput on one veth under iperf3 load (Debian's iperf3,
/// between two of the containers): conlink's in-process capture (AF_PACKET, pcapng written) and
/// tcpdump on the same outer end in the same run, each as the wire megabits per second of the frames
/// it captured (snap length 96), with the kernel's drops.
/// </summary>
internal static class MetricsBenchmark
{
    private const double TargetScrapeMs1000 = 10;
    private const int SnapLength = 96;
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(3);
    private const string Compose = """
        services:
          node:
            x-network:
              links:
                - {bridge: s1, ip: 10.0.0.1/16}
        """;

    public static int Run(int links)
    {
        using var lab = InProcessLab.Open("metrics");
        if (lab is null) return 1;
        var config = lab.Load("compose.yaml", Compose);
        var nodes = lab.Launch(Math.Max(links, 2), "bn");
        var engine = lab.Start(lab.Options(config) with { Metrics = true });
        try
        {
            foreach (var node in nodes) lab.Runtime.Announce(node);
            InProcessLab.WaitForLinks(engine, nodes.Count, TimeSpan.FromSeconds(180));

            var (scrapeMs, bytes) = Scrape(engine);
            var iperf = File.Exists("/usr/bin/iperf3");
            var tcpdump = File.Exists("/usr/bin/tcpdump");
            var (ours, ourDrops, load1) = iperf ? CaptureOurs(engine, nodes[0], nodes[1]) : (double.NaN, 0UL, double.NaN);
            var (theirs, theirDrops, load2) = iperf && tcpdump ? CaptureTcpdump(lab.BridgeNamespace, nodes[0], nodes[1], lab.Work) : (double.NaN, 0UL, double.NaN);

            Console.WriteLine($"metrics: {nodes.Count} veth links up through the engine ({Environment.ProcessorCount} cores)");
            Console.WriteLine();
            Console.WriteLine($"{"one scrape (median of 20, warm)",-44} {scrapeMs,10:F2} ms  ({bytes / 1024.0:F0} KiB of text)");
            if (!iperf) Console.WriteLine("capture: skipped, no /usr/bin/iperf3 (apt-get install iperf3)");
            else
            {
                Console.WriteLine($"{"conlink capture under iperf3 load",-44} {ours,10:F0} Mbit/s captured  ({ourDrops} dropped by the kernel; load {load1:F0} Mbit/s)");
                if (tcpdump) Console.WriteLine($"{"tcpdump on the same veth",-44} {theirs,10:F0} Mbit/s captured  ({theirDrops} dropped by the kernel; load {load2:F0} Mbit/s)");
                else Console.WriteLine("tcpdump: skipped, no /usr/bin/tcpdump (apt-get install tcpdump)");
            }
            if (links == 1000)
            {
                Console.WriteLine();
                Console.WriteLine($"target at N=1000: a scrape under {TargetScrapeMs1000} ms: {(scrapeMs < TargetScrapeMs1000 ? "met" : "MISSED")}");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT metrics links={nodes.Count} scrape_ms={scrapeMs:F2} capture_mbps={ours:F0} tcpdump_mbps={theirs:F0}"));
            engine.StopAsync().Wait();
        }
        finally
        {
            engine.DisposeAsync().AsTask().Wait();
        }
        return 0;
    }

    private static (double Ms, long Bytes) Scrape(EngineHost engine)
    {
        var (scrapeMs, cpuMs, bytes) = TimeScrapes(engine.Metrics!, settle: true);
        Console.WriteLine($"CPU per scrape (the whole process, all threads): {cpuMs:F2} ms; load average now {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var reads = new List<double>();
        var status = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            engine.StatusAsync(TimeSpan.FromSeconds(5)).Wait();
            status.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            engine.Traffic.ReadAsync(CancellationToken.None).Wait();
            reads.Add(watch.Elapsed.TotalMilliseconds);
        }
        reads.Sort();
        status.Sort();
        var (registryMs, registryCpuMs) = RegistryOnly(engine.Traffic.ReadAsync(CancellationToken.None).Result);
        var links = engine.StatusAsync(TimeSpan.FromSeconds(5)).Result.Links.Select(Host.Traffic.TrafficReader.ToTrafficLink).ToList();
        var sources = engine.Traffic.Kernel.ReadCountersAsync(links, CancellationToken.None).Result.Values.GroupBy(c => c.Source)
            .Select(g => $"{g.Count()} at the {g.Key}");
        var dumps = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            engine.Traffic.Kernel.ReadCountersAsync(links, CancellationToken.None).Wait();
            dumps.Add(watch.Elapsed.TotalMilliseconds);
        }
        dumps.Sort();
        Console.WriteLine($"counters read: {string.Join(", ", sources)}; the counter read alone {dumps[10]:F2} ms");
        Console.WriteLine($"of a scrape: status ask {status[10]:F2} ms, status + counter dump {reads[10]:F2} ms, "
            + $"series set and written as text {registryMs:F2} ms ({registryCpuMs:F2} ms CPU)");
        return (scrapeMs, bytes);
    }

    /// <summary>
    /// The registry's share of a scrape, without the engine or the kernel: a registry of its own fed
    /// the same reading every time, its series set and written as text (median of 20, warm; and the CPU per scrape).
    /// </summary>
    private static (double Ms, double CpuMs) RegistryOnly(Host.Traffic.TrafficSnapshot reading)
    {
        var metrics = new Host.Metrics.ConlinkMetrics();
        metrics.UseTraffic(_ => Task.FromResult(reading));
        var (ms, cpuMs, _) = TimeScrapes(metrics, settle: false);
        return (ms, cpuMs);
    }

    /// <summary>
    /// 20 scrapes after 60 to warm up (past the JIT's tier-up at 30 calls, as a conlink scraped every 15 s is
    /// after a few minutes): the median wall time, the process's CPU per scrape, and the size of the text.
    /// </summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    private static (double Ms, double CpuMs, long Bytes) TimeScrapes(Host.Metrics.ConlinkMetrics metrics, bool settle)
    {
        // Warm as a conlink that has run a while is: the scrape path is jitted at tier 0 first, and the runtime
        // compiles it again optimized only once no new method has been jitted for a moment, which the engine's
        // other work keeps putting off. 60 quick scrapes left it at tier 0 (export 5-10 ms where it takes 1.2).
        var text = new MemoryStream();
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < 60 || warming.Elapsed < WarmUp; i++)
        {
            text.SetLength(0);
            metrics.WriteAsync(text, CancellationToken.None).Wait();
            if (i % 20 == 19) Thread.Sleep(200);
        }
        if (settle) Thread.Sleep(500);
        var times = new List<double>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < 20; i++)
        {
            text.SetLength(0);
            var watch = Stopwatch.StartNew();
            metrics.WriteAsync(text, CancellationToken.None).Wait();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / 20;
        times.Sort();
        return (times[times.Count / 2], cpuMs, text.Length);
    }

    /// <summary>Our capture on node 1's outer end while iperf3 sends from node 1 to node 2.</summary>
    private static (double Mbps, ulong Drops, double LoadMbps) CaptureOurs(EngineHost engine, Config.Planning.ContainerIdentity from, Config.Planning.ContainerIdentity to)
    {
        var captures = CaptureTargets.OpenAsync(engine.Traffic, _ => engine.StatusAsync(TimeSpan.FromSeconds(5)), [$"{from.Name}:eth0"], false, SnapLength, CancellationToken.None)
            .GetAwaiter().GetResult();
        var capture = captures[0].Capture;
        try
        {
            var writer = new PcapngWriter(Stream.Null);
            writer.WriteHeaderAsync("bench", CancellationToken.None).AsTask().Wait();
            writer.WriteInterfaceAsync(captures[0].Name, SnapLength, CancellationToken.None).AsTask().Wait();
            using var stop = new CancellationTokenSource();
            long wire = 0;
            var reading = Task.Run(async () =>
            {
                var buffer = new byte[capture.FrameBufferSize];
                try
                {
                    while (true)
                    {
                        var frame = await capture.ReceiveAsync(buffer, stop.Token);
                        await writer.WritePacketAsync(0, frame, stop.Token);
                        wire += frame.OriginalLength;
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
            var watch = Stopwatch.StartNew();
            var load = Iperf(from, to);
            var seconds = watch.Elapsed.TotalSeconds;
            stop.Cancel();
            reading.Wait();
            return (wire * 8 / seconds / 1e6, capture.Statistics.Dropped, load);
        }
        finally
        {
            capture.Dispose();
        }
    }

    /// <summary>tcpdump on the same outer end, writing a pcap to /dev/shm, read back for the wire bytes of what it captured.</summary>
    private static (double Mbps, ulong Drops, double LoadMbps) CaptureTcpdump(string bridgeNamespace, Config.Planning.ContainerIdentity from, Config.Planning.ContainerIdentity to, string work)
    {
        var file = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : work, $"conlink-bench-{Guid.NewGuid():N}.pcap");
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "netns", "exec", bridgeNamespace, "tcpdump", "-i", $"node_{from.Index}-eth0", "-s", $"{SnapLength}", "-B", "2048", "-Z", "root", "-w", file })
            start.ArgumentList.Add(a);
        using var tcpdump = Process.Start(start)!;
        var stderr = new System.Text.StringBuilder();
        tcpdump.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        tcpdump.BeginErrorReadLine();
        try
        {
            var ready = Stopwatch.StartNew();
            while (!stderr.ToString().Contains("listening on", StringComparison.Ordinal) && ready.Elapsed < TimeSpan.FromSeconds(5)) Thread.Sleep(10);
            var watch = Stopwatch.StartNew();
            var load = Iperf(from, to);
            var seconds = watch.Elapsed.TotalSeconds;
            Tmds.Linux.LibC.kill(tcpdump.Id, Tmds.Linux.LibC.SIGINT);
            tcpdump.WaitForExit(10_000);
            if (!File.Exists(file)) throw new InvalidOperationException("tcpdump wrote nothing: " + stderr);
            var dropped = System.Text.RegularExpressions.Regex.Match(stderr.ToString(), @"(\d+) packets dropped by kernel");
            return (PcapWireBytes(file) * 8 / seconds / 1e6, dropped.Success ? ulong.Parse(dropped.Groups[1].Value, CultureInfo.InvariantCulture) : 0, load);
        }
        finally
        {
            if (!tcpdump.HasExited) tcpdump.Kill();
            File.Delete(file);
        }
    }

    /// <summary>Sums the original lengths of a classic pcap file's records.</summary>
    private static long PcapWireBytes(string file)
    {
        var bytes = File.ReadAllBytes(file);
        long wire = 0;
        for (var at = 24; at + 16 <= bytes.Length;)
        {
            var included = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8));
            wire += BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12));
            at += 16 + included;
        }
        return wire;
    }

    /// <summary>iperf3 from one container to the other for <see cref="LoadTime"/> (private addresses, both ends ours); returns its Mbit/s.</summary>
    private static double Iperf(Config.Planning.ContainerIdentity from, Config.Planning.ContainerIdentity to)
    {
        var server = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-t", to.Pid.ToString(CultureInfo.InvariantCulture), "-n", "iperf3", "-s", "-1", "-B", "10.0.0.2" }) server.ArgumentList.Add(a);
        using var s = Process.Start(server)!;
        Thread.Sleep(300);
        var (code, output) = KernelProbe.InNamespaceOf(from.Pid, "iperf3", "-c", "10.0.0.2", "-t", $"{LoadTime.TotalSeconds:0}", "-f", "m");
        s.WaitForExit(5000);
        if (code != 0) throw new InvalidOperationException("iperf3 failed: " + output);
        var sender = System.Text.RegularExpressions.Regex.Match(output, @"([\d.]+) Mbits/sec\s+\d*\s*sender");
        return sender.Success ? double.Parse(sender.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
    }
}
