using Conlink.Testing;
using Xunit.Abstractions;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Cluster mode on one machine: hosts are namespaces on one switch, each with its own conlink (an
/// engine host process in the host's namespace) and a node on the spanned bridge s1. The members
/// find each other through the seeds, and the cluster's membership alone decides each vxlan's
/// flood entries: no host's config names another host.
/// </summary>
[Collection("kernel")]
[Trait("Category", "EngineProcess")]
public sealed class ClusterTests(ITestOutputHelper output) : IDisposable
{
    private ClusterLab? _lab;

    public void Dispose()
    {
        if (_lab is null) return;
        foreach (var host in _lab.Hosts)
            foreach (var line in host.Engine.Engine?.Log ?? []) output.WriteLine($"[host {host.Index}] {line}");
        _lab.Dispose();
    }

    [SkippableFact]
    public async Task Five_hosts_reach_each_other_on_a_spanned_bridge_and_a_late_joiner_is_reached_with_no_config_changed()
    {
        var lab = Lab(5);
        foreach (var host in lab.Hosts.Take(4)) host.Start();
        await lab.AllPairsReachAsync([0, 1, 2, 3]);
        foreach (var host in Enumerable.Range(0, 4)) await lab.FloodIsAsync(host, Others(host, [0, 1, 2, 3]));

        lab.Hosts[4].Start();
        await lab.AllPairsReachAsync([0, 1, 2, 3, 4]);
        foreach (var host in Enumerable.Range(0, 5)) await lab.FloodIsAsync(host, Others(host, [0, 1, 2, 3, 4]));
        Assert.Contains(lab.Hosts[0].Engine.Engine!.Log, l => l.Contains($"flood entry to {ClusterLab.UnderlayAddress(4)} added", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Members_stopped_with_SIGTERM_or_killed_with_9_leave_every_FDB_the_rest_keep_reaching_each_other_and_both_come_back()
    {
        var lab = Lab(5);
        foreach (var host in lab.Hosts) host.Start();
        await lab.AllPairsReachAsync([0, 1, 2, 3, 4]);

        Assert.Equal(0, await lab.Hosts[1].StopAsync());
        lab.Hosts[3].Kill();
        int[] rest = [0, 2, 4];
        foreach (var host in rest) await lab.FloodIsAsync(host, Others(host, rest));
        await lab.AllPairsReachAsync(rest);
        Assert.Empty(lab.Hosts[1].Flood());

        lab.Hosts[1].Start();
        lab.Hosts[3].Start();
        await lab.AllPairsReachAsync([0, 1, 2, 3, 4]);
        foreach (var host in Enumerable.Range(0, 5)) await lab.FloodIsAsync(host, Others(host, [0, 1, 2, 3, 4]));
    }

    [SkippableFact]
    public async Task A_host_cut_off_the_underlay_is_downed_by_the_majority_and_rejoins_when_the_partition_heals()
    {
        var lab = Lab(3);
        foreach (var host in lab.Hosts) host.Start();
        await lab.AllPairsReachAsync([0, 1, 2]);

        lab.SetConnected(2, false);
        // keep-majority: hosts 0 and 1 stay and down host 2, which, alone, spans to nobody.
        await lab.FloodIsAsync(0, [1]);
        await lab.FloodIsAsync(1, [0]);
        await lab.FloodIsAsync(2, []);
        await lab.AllPairsReachAsync([0, 1]);
        await lab.Hosts[2].Engine.Engine!.WaitForLogAsync(l => l.Contains("this member left the cluster", StringComparison.Ordinal), ClusterLab.Timeout);

        lab.SetConnected(2, true);
        await lab.AllPairsReachAsync([0, 1, 2]);
        foreach (var host in Enumerable.Range(0, 3)) await lab.FloodIsAsync(host, Others(host, [0, 1, 2]));
    }

    [SkippableFact]
    public async Task A_flood_entry_deleted_by_hand_is_made_again()
    {
        var lab = Lab(2, seeds: 1);
        foreach (var host in lab.Hosts) host.Start();
        await lab.AllPairsReachAsync([0, 1]);

        lab.Hosts[0].DeleteFloodEntry(1);
        Assert.Empty(lab.Hosts[0].Flood());
        await lab.FloodIsAsync(0, [1], TimeSpan.FromSeconds(10));
        await lab.AllPairsReachAsync([0, 1]);
    }

    [SkippableFact]
    public async Task Status_shows_the_members_and_who_holds_each_spanned_bridge_and_cluster_fetches_every_members_links()
    {
        var lab = Lab(2, seeds: 1);
        foreach (var host in lab.Hosts) host.Start();
        await lab.AllPairsReachAsync([0, 1]);
        var socket = lab.Hosts[0].Engine.Engine!.StatusSocket;

        using var status = System.Text.Json.JsonDocument.Parse(await StatusClient.GetBytesAsync(socket, "status", CancellationToken.None));
        var cluster = status.RootElement.GetProperty("cluster");
        Assert.True(cluster.GetProperty("joined").GetBoolean());
        Assert.Equal(["up", "up"], cluster.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("state").GetString()));
        var span = Assert.Single(cluster.GetProperty("spans").EnumerateArray());
        Assert.Equal(2, span.GetProperty("members").GetArrayLength());
        Assert.Equal([ClusterLab.UnderlayAddress(1)], span.GetProperty("flood").EnumerateArray().Select(f => f.GetString()));

        using var members = System.Text.Json.JsonDocument.Parse(await StatusClient.GetBytesAsync(socket, "cluster", CancellationToken.None));
        var summaries = members.RootElement.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(2, summaries.Count);
        Assert.All(summaries, m => Assert.Contains(m.GetProperty("status").GetProperty("links").EnumerateArray(),
            l => l.GetProperty("id").GetString() == "node_1:eth0" && l.GetProperty("state").GetString() == "ready"));
    }

    [SkippableFact]
    public async Task A_stale_flood_entry_left_in_the_kernel_is_removed_once_the_member_has_joined()
    {
        var lab = Lab(2, seeds: 1);
        foreach (var host in lab.Hosts) host.Start();
        await lab.AllPairsReachAsync([0, 1]);

        // An entry for a member that is gone (say, it was removed while this conlink was down).
        lab.Hosts[0].Kill();
        Assert.Equal(0, KernelProbe.InNamed(lab.Hosts[0].Engine.BridgeNamespace, "bridge", "fdb", "append", "00:00:00:00:00:00",
            "dev", ClusterLab.VxlanDev, "dst", "192.168.88.99").ExitCode);
        lab.Hosts[0].Start();

        await lab.FloodIsAsync(0, [1]);
        await lab.AllPairsReachAsync([0, 1]);
    }

    [SkippableFact]
    public async Task A_spanned_bridge_added_by_apply_is_announced_and_reached_across_and_removing_it_removes_every_members_entries()
    {
        var lab = Lab(2, seeds: 1);
        foreach (var host in lab.Hosts) host.Start();
        await lab.AllPairsReachAsync([0, 1]);
        var s2 = $"span-{Conlink.Config.Model.ClusterSpan.DerivedVni("s2")}";

        // SIGHUP with a config that spans s2 too, and gives each node a link on it: no restart.
        foreach (var host in lab.Hosts) host.Apply(WithS2(host.Index));
        await lab.FloodIsAsync(0, s2, [1]);
        await lab.FloodIsAsync(1, s2, [0]);
        await ReachOnS2Async(lab, 0, 1);
        await ReachOnS2Async(lab, 1, 0);
        await lab.AllPairsReachAsync([0, 1]);
        var status = await StatusClient.GetBytesAsync(lab.Hosts[0].Engine.Engine!.StatusSocket, "status", CancellationToken.None);
        using (var doc = System.Text.Json.JsonDocument.Parse(status))
        {
            var spans = doc.RootElement.GetProperty("cluster").GetProperty("spans").EnumerateArray().ToList();
            Assert.Equal(["s1", "s2"], spans.Select(x => x.GetProperty("bridge").GetString()));
            Assert.All(spans, x => Assert.Equal(2, x.GetProperty("members").GetArrayLength()));
        }

        // Host 1 stops spanning s2: its vxlan goes, and host 0's entry to it goes with the announcement.
        lab.Hosts[1].Apply(ClusterLab.Config);
        await lab.FloodIsAsync(0, s2, []);
        await lab.Hosts[1].Engine.Engine!.WaitForLogAsync(l => l.Contains($"vxlan {s2} deleted", StringComparison.Ordinal), ClusterLab.Timeout);
        Assert.Empty(lab.Hosts[1].Flood(s2));
        await lab.FloodIsAsync(0, [1]);
        await lab.AllPairsReachAsync([0, 1]);

        lab.Hosts[0].Apply(ClusterLab.Config);
        await lab.Hosts[0].Engine.Engine!.WaitForLogAsync(l => l.Contains($"vxlan {s2} deleted", StringComparison.Ordinal), ClusterLab.Timeout);
        Assert.Empty(lab.Hosts[0].Flood(s2));
        await lab.AllPairsReachAsync([0, 1]);
    }

    private static string WithS2(int host) => $$"""
        x-network:
          bridges:
            - {bridge: s1, span: cluster}
            - {bridge: s2, span: cluster}
        services:
          node:
            x-network:
              links:
                - {bridge: s1, ip: "${NODE_IP}/24", mtu: 1450}
                - {bridge: s2, dev: eth1, ip: "{{S2Address(host)}}/24", mtu: 1450}
        """;

    private static string S2Address(int host) => $"10.89.0.{10 + host}";

    private static async Task ReachOnS2Async(ClusterLab lab, int from, int to)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!KernelProbe.InNamespaceOf(lab.Hosts[from].NodePid, "ping", "-c", "1", "-W", "1", S2Address(to)).ExitCode.Equals(0))
        {
            if (clock.Elapsed > ClusterLab.Timeout) throw new TimeoutException($"host {from}'s node does not reach host {to}'s on s2\n{lab.Describe()}");
            await Task.Delay(200);
        }
    }

    private ClusterLab Lab(int hosts, int seeds = 2)
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Skip.IfNot(KernelFeatures.HasLinkType("vxlan"), "this kernel has no vxlan (module vxlan), which spanned bridges are made of");
        _lab = new ClusterLab(hosts, seeds);
        return _lab;
    }

    private static int[] Others(int host, IEnumerable<int> hosts) => hosts.Where(h => h != host).ToArray();
}
