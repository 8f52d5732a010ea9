using System.Diagnostics;
using System.Globalization;
using Conlink.Netlink;
using Conlink.Netlink.Links;
using Conlink.Netlink.Namespaces;
using static Conlink.Benchmarks.Netlink.ConvergenceTopology;

namespace Conlink.Benchmarks.Netlink;

/// <summary>
/// The netlink convergence benchmark: builds N links three ways on the same N namespaces (our
/// library; one <c>ip</c> process per command, as the original; one <c>ip -batch</c> per namespace)
/// and prints the wall time of each: the median of <see cref="Rounds"/> rounds, the methods taking
/// turns so that a busy machine slows them alike. Namespace creation is timed apart and not counted.
/// Every result is checked through the library, and everything is deleted afterwards.
/// </summary>
internal static class NetlinkConvergence
{
    private const int Rounds = 3;
    private const double SpawnTarget = 20;
    private const double BatchTarget = 1.5;

    public static int Run(int links)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Console.Error.WriteLine("the netlink benchmark needs root: it creates network namespaces");
            return 1;
        }
        var topology = new ConvergenceTopology(links);
        var warmUp = links;
        RemoveNamespaces();
        try
        {
            var creation = Stopwatch.StartNew();
            using var hubNs = NetNs.OpenOrCreateNamed(Hub);
            foreach (var i in topology.Indices.Append(warmUp)) NetNs.OpenOrCreateNamed(Namespace(i)).Dispose();
            creation.Stop();

            using var hub = NetlinkHandle.Open(hubNs);
            hub.LinkAdd(new LinkBridge(Bridge) { Up = true });
            IConvergenceMethod[] methods = [new OursConvergence(hub, hub.ResolveIndex(Bridge)), new IpSpawnConvergence(), new IpBatchConvergence()];

            foreach (var method in methods)
            {
                method.Converge([warmUp]);
                Verify(hub, [warmUp]);
                Clear(hub, [warmUp]);
            }

            var times = methods.Select(_ => new List<double>()).ToArray();
            var processes = new int[methods.Length];
            for (var round = 0; round < Rounds; round++)
            {
                for (var m = 0; m < methods.Length; m++)
                {
                    var timer = Stopwatch.StartNew();
                    processes[m] = methods[m].Converge(topology.Indices);
                    timer.Stop();
                    Verify(hub, topology.Indices);
                    Clear(hub, topology.Indices);
                    times[m].Add(timer.Elapsed.TotalMilliseconds);
                }
            }

            Report(links, creation.Elapsed, [.. methods.Select((method, m) => (method.Name, Median(times[m]), processes[m]))]);
            return 0;
        }
        finally
        {
            RemoveNamespaces();
        }
    }

    private static void Report(int links, TimeSpan creation, List<(string Name, double Milliseconds, int Processes)> results)
    {
        var ours = results[0].Milliseconds;
        Console.WriteLine($"netlink convergence: {links} links, each a veth from its own namespace to bridge {Bridge} in a hub namespace,");
        Console.WriteLine($"with MAC, MTU {Mtu}, up, an address and a default route ({Environment.ProcessorCount} cores)");
        Console.WriteLine($"creating {links} namespaces took {creation.TotalMilliseconds:F0} ms (not counted); times are medians of {Rounds} rounds");
        Console.WriteLine();
        Console.WriteLine($"{"method",-32} {"total ms",10} {"ms/link",9} {"processes",10} {"vs ours",8}");
        foreach (var (name, milliseconds, processes) in results)
            Console.WriteLine($"{name,-32} {milliseconds,10:F1} {milliseconds / links,9:F3} {processes,10} {milliseconds / ours,7:F1}x");
        var spawn = results[1].Milliseconds / ours;
        var batch = ours / results[2].Milliseconds;
        Console.WriteLine();
        Console.WriteLine($"target: at least {SpawnTarget}x faster than ip spawning: {(spawn >= SpawnTarget ? "met" : "MISSED")} ({spawn:F1}x)");
        Console.WriteLine($"target: within {BatchTarget}x of ip -batch: {(batch <= BatchTarget ? "met" : "MISSED")} ({batch:F2}x its time)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT links={links} ours_ms={ours:F1} ip_spawn_ms={results[1].Milliseconds:F1} ip_batch_ms={results[2].Milliseconds:F1}"));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>Checks through the library that every link came out as intended.</summary>
    private static void Verify(NetlinkHandle hub, IEnumerable<int> indices)
    {
        var bridge = hub.ResolveIndex(Bridge);
        foreach (var i in indices)
        {
            var outer = hub.LinkGet(Outer(i));
            Check(outer.IsUp && outer.MasterIndex == bridge && outer.Mtu == Mtu, $"{Outer(i)} is not up on {Bridge} with MTU {Mtu}");
            using var ns = NetNs.OpenNamed(Namespace(i));
            using var inside = NetlinkHandle.Open(ns);
            var eth0 = inside.LinkGet(Inner);
            Check(eth0.IsUp && eth0.Mtu == Mtu && eth0.Mac!.Equals(Mac(i)), $"{Inner} in {Namespace(i)} is not up with its MAC and MTU");
            Check(inside.AddrList(eth0).Any(a => a.Address == Address(i)), $"{Inner} in {Namespace(i)} lacks {Address(i)}");
            Check(inside.RouteList().Any(r => r.Destination is null && Gateway.Equals(r.Gateway)), $"{Namespace(i)} lacks its default route");
        }
    }

    private static void Clear(NetlinkHandle hub, IEnumerable<int> indices)
    {
        foreach (var i in indices) hub.LinkDel(Outer(i));
    }

    private static void Check(bool condition, string problem)
    {
        if (!condition) throw new InvalidOperationException($"benchmark result is wrong: {problem}");
    }

    private static void RemoveNamespaces()
    {
        if (!Directory.Exists(NetNs.NamedRoot)) return;
        foreach (var path in Directory.GetFiles(NetNs.NamedRoot, Prefix + "*"))
            NetNs.DeleteNamed(Path.GetFileName(path));
    }
}
