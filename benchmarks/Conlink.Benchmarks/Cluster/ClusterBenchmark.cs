using System.Diagnostics;
using System.Globalization;
using Conlink.Testing;

namespace Conlink.Benchmarks.Cluster;

/// <summary>
/// Cluster mode with N hosts on this machine (<see cref="ClusterLab"/>: namespaces on one switch,
/// each with its own conlink process and one node on the spanned bridge s1):
/// converge, from the last conlink's start until every pair of nodes reaches each other;
/// leave, from a member's kill -9 until its flood entries are gone on every other member;
/// rejoin, from its restart until every member floods to every other again and every pair reaches
/// each other; and each member's RSS.
/// </summary>
internal static class ClusterBenchmark
{
    public static int Run(int hosts)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Console.Error.WriteLine("the cluster benchmark needs root: it creates network namespaces");
            return 1;
        }
        if (hosts < 2)
        {
            Console.Error.WriteLine("the cluster benchmark needs at least 2 hosts");
            return 2;
        }
        using var lab = new ClusterLab(hosts);
        var all = Enumerable.Range(0, hosts).ToList();
        var timeout = TimeSpan.FromSeconds(120);

        foreach (var host in lab.Hosts.SkipLast(1)) host.Start();
        foreach (var host in lab.Hosts.SkipLast(1)) host.Engine.EngineReadyAsync().GetAwaiter().GetResult();
        var clock = Stopwatch.StartNew();
        lab.Hosts[^1].Start();
        lab.AllPairsReachAsync(all, timeout).GetAwaiter().GetResult();
        var converge = clock.Elapsed;
        var rss = lab.Hosts.Select(h => h.Engine.Engine!.Process.ResidentBytes()).ToList();

        var victim = hosts - 1;
        var rest = all.Where(h => h != victim).ToList();
        clock.Restart();
        lab.Hosts[victim].Kill();
        Task.WaitAll(rest.Select(h => lab.FloodIsAsync(h, rest.Where(p => p != h).ToList(), timeout)).ToArray());
        var leave = clock.Elapsed;

        // Reachability alone is no measure here: the others' vxlans still hold the MACs they learned
        // from the victim's node (and the nodes their ARP entries), so unicast pings pass before the
        // victim is back in the cluster. Rejoined means: every member floods to every other again.
        clock.Restart();
        lab.Hosts[victim].Start();
        Task.WaitAll(all.Select(h => lab.FloodIsAsync(h, all.Where(p => p != h).ToList(), timeout)).ToArray());
        lab.AllPairsReachAsync(all, timeout).GetAwaiter().GetResult();
        var rejoin = clock.Elapsed;

        var rssMb = rss.Average() / (1024.0 * 1024.0);
        Console.WriteLine($"cluster: {hosts} hosts, one node each on the spanned bridge s1 (vni {ClusterLab.Vni}), keep-majority, lab timings");
        Console.WriteLine($"  converge  {converge.TotalMilliseconds,8:F0} ms  last conlink started -> all {hosts * (hosts - 1)} pairs of nodes reach each other");
        Console.WriteLine($"  leave     {leave.TotalMilliseconds,8:F0} ms  kill -9 of host {victim} -> its flood entries gone on all {rest.Count} others");
        Console.WriteLine($"  rejoin    {rejoin.TotalMilliseconds,8:F0} ms  host {victim} restarted -> every member floods to every other and all pairs reach each other again");
        Console.WriteLine($"  rss       {rssMb,8:F1} MB  per member on average (max {rss.Max() / (1024.0 * 1024.0):F1} MB)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT cluster hosts={hosts} converge_ms={converge.TotalMilliseconds:F0} leave_ms={leave.TotalMilliseconds:F0} rejoin_ms={rejoin.TotalMilliseconds:F0} rss_mb={rssMb:F1}"));
        return 0;
    }
}
