using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Conlink.Config.Model;
using Conlink.Netlink.Namespaces;

namespace Conlink.Testing;

/// <summary>
/// N "hosts" on this machine for cluster mode: each a named network namespace with an underlay
/// veth (192.168.88.(10+i)/24, MTU 1500) into one switch namespace, where a bridge joins them.
/// Each host runs its own conlink (an engine host process inside the host namespace, bridges in
/// a namespace of its own) with one node on the spanned bridge s1 (10.88.0.(10+i)/24). Hosts can
/// be started, stopped with SIGTERM, killed with -9, cut off the switch and put back. Disposing
/// kills everything and removes every namespace.
/// </summary>
public sealed class ClusterLab : IDisposable
{
    public const string Bridge = "s1";

    /// <summary>The config every host runs: the same file, only NODE_IP differs (its node's address).</summary>
    public const string Config = """
        x-network:
          bridges:
            - {bridge: s1, span: cluster}
        services:
          node:
            x-network:
              links:
                - {bridge: s1, ip: "${NODE_IP}/24", mtu: 1450}
        """;

    /// <summary>Generous: five conlinks and their clusters share a loaded 2-core machine (speed is for the benchmark).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _prefix = "clcl" + Guid.NewGuid().ToString("N")[..6];
    private readonly List<ClusterLabHost> _hosts = new();
    private readonly int _seedCount;

    /// <param name="seeds">How many of the first hosts are seeds (every host lists the same seeds, in order).</param>
    public ClusterLab(int hosts, int seeds = 2, Func<int, IReadOnlyList<string>>? extraArguments = null)
    {
        _seedCount = Math.Min(seeds, hosts);
        Switch = _prefix + "-sw";
        NetNs.OpenOrCreateNamed(Switch).Dispose();
        Ip(Switch, "link", "add", "sw", "type", "bridge");
        Ip(Switch, "link", "set", "sw", "up");
        for (var i = 0; i < hosts; i++)
        {
            var ns = $"{_prefix}-h{i}";
            NetNs.OpenOrCreateNamed(ns).Dispose();
            Ip(ns, "link", "add", "underlay", "type", "veth", "peer", $"port{i}", "netns", Switch);
            Ip(ns, "addr", "add", $"{UnderlayAddress(i)}/24", "dev", "underlay");
            Ip(ns, "link", "set", "lo", "up");
            Ip(ns, "link", "set", "underlay", "up");
            Ip(Switch, "link", "set", $"port{i}", "master", "sw");
            Ip(Switch, "link", "set", $"port{i}", "up");
            var engine = new HostedEngine(Config, environment: new Dictionary<string, string> { ["NODE_IP"] = NodeAddress(i) });
            _hosts.Add(new ClusterLabHost(this, i, ns, engine, extraArguments?.Invoke(i) ?? []));
        }
    }

    public string Switch { get; }
    public IReadOnlyList<ClusterLabHost> Hosts => _hosts;

    public static string UnderlayAddress(int host) => $"192.168.88.{10 + host}";
    public static string NodeAddress(int host) => $"10.88.0.{10 + host}";

    /// <summary>The VNI of s1 (derived from its name).</summary>
    public static int Vni => ClusterSpan.DerivedVni(Bridge);

    public static string VxlanDev => $"span-{Vni}";

    internal IEnumerable<string> SeedArguments() =>
        Enumerable.Range(0, _seedCount).SelectMany(i => new[] { "--cluster-seed", UnderlayAddress(i) });

    /// <summary>Cuts host <paramref name="host"/> off the switch (its underlay stays up on its side), or puts it back.</summary>
    public void SetConnected(int host, bool connected) => Ip(Switch, "link", "set", $"port{host}", connected ? "up" : "down");

    /// <summary>Waits until every pair of the given hosts' nodes reach each other; returns how long it took.</summary>
    public async Task<TimeSpan> AllPairsReachAsync(IReadOnlyList<int> hosts, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? Timeout;
        var pending = hosts.SelectMany(a => hosts.Where(b => b != a).Select(b => (a, b))).ToHashSet();
        while (pending.Count > 0)
        {
            var reached = new System.Collections.Concurrent.ConcurrentBag<(int, int)>();
            await Parallel.ForEachAsync(pending.ToList(), new ParallelOptions { MaxDegreeOfParallelism = 8 }, (pair, _) =>
            {
                if (Ping(pair.a, pair.b)) reached.Add(pair);
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);
            foreach (var pair in reached) pending.Remove(pair);
            if (pending.Count == 0) break;
            if (clock.Elapsed > limit)
                throw new TimeoutException($"after {limit.TotalSeconds:0} s these pairs still do not reach each other: "
                    + string.Join(", ", pending.Select(p => $"{p.a}->{p.b}")) + "\n" + Describe());
            await Task.Delay(200).ConfigureAwait(false);
        }
        return clock.Elapsed;
    }

    /// <summary>One ping (1 s) from host a's node to host b's node.</summary>
    public bool Ping(int a, int b) =>
        KernelProbe.InNamespaceOf(_hosts[a].NodePid, "ping", "-c", "1", "-W", "1", NodeAddress(b)).ExitCode == 0;

    /// <summary>Waits until host <paramref name="host"/>'s flood entries are exactly the underlay addresses of <paramref name="peers"/>.</summary>
    public Task<TimeSpan> FloodIsAsync(int host, IReadOnlyList<int> peers, TimeSpan? timeout = null) => FloodIsAsync(host, VxlanDev, peers, timeout);

    /// <summary>Waits until host <paramref name="host"/>'s vxlan <paramref name="dev"/> floods exactly to the underlay addresses of <paramref name="peers"/>.</summary>
    public async Task<TimeSpan> FloodIsAsync(int host, string dev, IReadOnlyList<int> peers, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var expected = peers.Select(UnderlayAddress).Order(StringComparer.Ordinal).ToList();
        IReadOnlyList<string> actual = [];
        while (clock.Elapsed < (timeout ?? Timeout))
        {
            actual = _hosts[host].Flood(dev);
            if (actual.SequenceEqual(expected)) return clock.Elapsed;
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new TimeoutException($"host {host}'s flood entries on {dev} are [{string.Join(", ", actual)}], not [{string.Join(", ", expected)}]\n" + Describe());
    }

    /// <summary>Every host's flood entries and the tail of its log, for a failure message.</summary>
    public string Describe() => string.Join('\n', _hosts.Select(h =>
        $"host {h.Index} ({(h.Running ? "running" : "stopped")}): flood [{string.Join(", ", h.Flood())}]\n  "
        + string.Join("\n  ", (h.Engine.Engine?.Log ?? []).TakeLast(15))));

    public void Dispose()
    {
        foreach (var host in _hosts) host.Engine.Dispose();
        foreach (var host in _hosts) NetNs.DeleteNamed(host.Namespace);
        NetNs.DeleteNamed(Switch);
    }

    internal static void Ip(string netns, params string[] args)
    {
        var (exitCode, output) = KernelProbe.Run("ip", ["-n", netns, .. args]);
        if (exitCode != 0) throw new InvalidOperationException($"ip -n {netns} {string.Join(' ', args)}: {output}");
    }
}

/// <summary>One host of a <see cref="ClusterLab"/>: its namespace, its conlink and its node.</summary>
public sealed class ClusterLabHost
{
    private readonly ClusterLab _lab;
    private readonly IReadOnlyList<string> _extraArguments;
    private int _nodePid;

    internal ClusterLabHost(ClusterLab lab, int index, string ns, HostedEngine engine, IReadOnlyList<string> extraArguments)
    {
        _lab = lab;
        Index = index;
        Namespace = ns;
        Engine = engine;
        _extraArguments = extraArguments;
    }

    public int Index { get; }
    public string Namespace { get; }
    public HostedEngine Engine { get; }
    public bool Running => Engine.Engine is { Process.HasExited: false };
    public int NodePid => _nodePid != 0 ? _nodePid : throw new InvalidOperationException($"host {Index} has no node yet");

    /// <summary>Starts this host's conlink (again) as a cluster member, and its node the first time.</summary>
    /// <param name="arguments">The cluster options instead of the lab's (this host's address, the lab's seeds and its extra arguments).</param>
    public EngineHostProcess Start(IReadOnlyList<string>? arguments = null)
    {
        var engine = Engine.StartEngine(extraArguments:
            arguments ?? ["--cluster-bind", ClusterLab.UnderlayAddress(Index), .. _lab.SeedArguments(), .. _extraArguments], inNamespace: Namespace);
        if (_nodePid == 0) _nodePid = Engine.Runtime.Start("node_1", "node", 1).Pid;
        return engine;
    }

    /// <summary>SIGTERM: conlink leaves the cluster and removes what it made.</summary>
    public Task<int> StopAsync() => Engine.Engine!.Process.StopAsync(ClusterLab.Timeout);

    /// <summary>kill -9: the others must notice by themselves.</summary>
    public void Kill() => Engine.KillEngine();

    /// <summary>Rewrites this host's config file and sends its conlink SIGHUP: it applies the difference.</summary>
    public void Apply(string composeYaml)
    {
        File.WriteAllText(Engine.ConfigFile, composeYaml);
        Engine.Engine!.Process.Hangup();
    }

    /// <summary>The destinations of the span vxlan's all-zeros entries, sorted (none when there is no vxlan).</summary>
    public IReadOnlyList<string> Flood() => Flood(ClusterLab.VxlanDev);

    /// <summary>The destinations of vxlan <paramref name="dev"/>'s all-zeros entries, sorted (none when there is no such vxlan).</summary>
    public IReadOnlyList<string> Flood(string dev)
    {
        var (exitCode, stdout, _) = KernelProbe.Capture("ip", ["netns", "exec", Engine.BridgeNamespace, "bridge", "-j", "fdb", "show", "dev", dev]);
        if (exitCode != 0 || string.IsNullOrWhiteSpace(stdout)) return [];
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("mac").GetString() == "00:00:00:00:00:00" && e.TryGetProperty("dst", out _))
            .Select(e => e.GetProperty("dst").GetString()!)
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Deletes one flood entry by hand, as an operator would.</summary>
    public void DeleteFloodEntry(int peer)
    {
        var (exitCode, output) = KernelProbe.Run("ip", ["netns", "exec", Engine.BridgeNamespace, "bridge", "fdb", "del", "00:00:00:00:00:00",
            "dev", ClusterLab.VxlanDev, "dst", ClusterLab.UnderlayAddress(peer)]);
        if (exitCode != 0) throw new InvalidOperationException($"bridge fdb del: {output}");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"host {Index}");
}
