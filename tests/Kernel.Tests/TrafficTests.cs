using System.Text;
using System.Text.RegularExpressions;
using Conlink.Actors.Status;
using Conlink.Host.Capture;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// What crosses the links, on the real kernel through the whole engine: counters read from the
/// outer ends, the Prometheus series they feed, and captures that Debian's tcpdump reads back.
/// </summary>
[Collection("kernel")]
public sealed class TrafficTests : IAsyncLifetime
{
    private const int Pings = 20;
    private readonly KernelEngine _kernel = new() { Metrics = true };
    private readonly string _directory = Directory.CreateTempSubdirectory("conlink-capture-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _kernel.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [SkippableFact]
    public async Task Counters_of_both_links_rise_by_at_least_the_pings_sent()
    {
        var (node1, _) = await StartTwoNodesAsync();
        var before = await _kernel.Engine!.Traffic.ReadAsync(CancellationToken.None);

        Ping(node1.Pid, "10.0.0.2", Pings);

        var after = await _kernel.Engine!.Traffic.ReadAsync(CancellationToken.None);
        foreach (var id in new[] { "node_1:eth0", "node_2:eth0" })
        {
            var b = before.Links.Single(r => r.Link.Id == id).Totals!;
            var a = after.Links.Single(r => r.Link.Id == id).Totals!;
            Assert.True(a.TxPackets - b.TxPackets >= Pings, $"{id} sent {a.TxPackets - b.TxPackets} packets, fewer than the {Pings} pings");
            Assert.True(a.RxPackets - b.RxPackets >= Pings, $"{id} received {a.RxPackets - b.RxPackets} packets, fewer than the {Pings} pings");
            Assert.True(a.TxBytes - b.TxBytes >= Pings * 98UL, $"{id} sent {a.TxBytes - b.TxBytes} bytes for {Pings} echoes of 98 bytes");
        }
        Assert.All(after.Links, r => Assert.True(r.Running, $"{r.Link.Id} is not up and running"));
    }

    [SkippableFact]
    public async Task Metrics_scraped_name_every_link_with_its_labels_and_follow_traffic_and_link_state()
    {
        var (node1, _) = await StartTwoNodesAsync();
        var first = await ScrapeAsync();
        const string node1Labels = "container=\"node_1\",service=\"node\",dev=\"eth0\",bridge=\"s1\",type=\"veth\"";
        Assert.Equal(1, Value(first, $"conlink_link_up{{{node1Labels},state=\"ready\"}}"));
        Assert.Equal(2, Value(first, "conlink_links_expected"));
        Assert.Equal(2, Value(first, "conlink_links_ready"));
        Assert.Equal(2, Value(first, "conlink_link_setup_seconds_count"));
        Assert.True(Value(first, "conlink_kernel_operation_seconds_count{op=\"link-add\"}") >= 2, first);
        foreach (var series in new[] { "rx_bytes", "tx_bytes", "rx_packets", "tx_packets", "rx_errors", "tx_errors", "rx_dropped", "tx_dropped" })
            Assert.Contains($"conlink_link_{series}_total{{{node1Labels}}}", first);

        Ping(node1.Pid, "10.0.0.2", Pings);
        var second = await ScrapeAsync();
        Assert.True(Value(second, $"conlink_link_tx_packets_total{{{node1Labels}}}") - Value(first, $"conlink_link_tx_packets_total{{{node1Labels}}}") >= Pings,
            second);

        // The outer end taken down behind conlink's back: still ready to the engine, but not running.
        KernelProbe.InNamed(_kernel.BridgeNamespace, "ip", "link", "set", "node_1-eth0", "down");
        var third = await ScrapeAsync();
        Assert.Equal(0, Value(third, $"conlink_link_up{{{node1Labels},state=\"ready\"}}"));
        Assert.Equal(1, Value(third, "conlink_link_up{container=\"node_2\",service=\"node\",dev=\"eth0\",bridge=\"s1\",type=\"veth\",state=\"ready\"}"));

        _kernel.Runtime.Stop("node_2");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);
        var fourth = await ScrapeAsync();
        Assert.DoesNotContain("container=\"node_2\"", fourth);
        Assert.Equal(1, Value(fourth, "conlink_links_expected"));
        Assert.True(Value(fourth, "conlink_docker_events_total{kind=\"die\"}") >= 1, fourth);

        // A start seen as an event: the two first nodes may have been found by the start-up listing instead
        // (subscribe, then list), but by now the engine follows the event stream.
        _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        var fifth = await ScrapeAsync();
        Assert.True(Value(fifth, "conlink_docker_events_total{kind=\"start\"}") >= 1, fifth);
    }

    [SkippableFact]
    public async Task Metrics_are_served_over_http_on_the_metrics_listener_and_nothing_else_is()
    {
        _kernel.MetricsListener = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0);
        await StartTwoNodesAsync();
        var endpoint = (System.Net.IPEndPoint)_kernel.Engine!.Listening.Single();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var response = await http.GetAsync($"http://127.0.0.1:{endpoint.Port}/metrics");
        var text = await response.Content.ReadAsStringAsync();
        using var status = await http.GetAsync($"http://127.0.0.1:{endpoint.Port}/status");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("# TYPE conlink_link_rx_bytes_total counter", text);
        Assert.Equal(2, Value(text, "conlink_links_ready"));
        Assert.Equal(404, (int)status.StatusCode);
    }

    [SkippableFact]
    public async Task Capture_of_a_link_is_a_pcapng_file_that_tcpdump_reads_with_the_icmp_echoes()
    {
        Skip.IfNot(File.Exists("/usr/bin/tcpdump"), "needs Debian's tcpdump (apt-get install tcpdump; scripts/setup.sh installs it)");
        var (node1, _) = await StartTwoNodesAsync();
        var file = Path.Combine(_directory, "one.pcapng");

        var result = await CaptureWhilePingingAsync(["node_1:eth0"], file, node1.Pid, pings: 5);

        Assert.True(result.Packets >= 10, $"{result.Packets} packets captured for 5 echoes and their replies");
        var (code, output, errors) = KernelProbe.Capture("tcpdump", ["-n", "-r", file]);
        Assert.True(code == 0, errors);
        Assert.Equal(5, Regex.Matches(output, @"10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request").Count);
        Assert.Equal(5, Regex.Matches(output, @"10\.0\.0\.2 > 10\.0\.0\.1: ICMP echo reply").Count);
    }

    [SkippableFact]
    public async Task Two_targets_go_into_one_pcapng_as_two_interfaces_named_container_and_dev()
    {
        Skip.IfNot(File.Exists("/usr/bin/tcpdump"), "needs Debian's tcpdump (apt-get install tcpdump; scripts/setup.sh installs it)");
        var (node1, _) = await StartTwoNodesAsync();
        var file = Path.Combine(_directory, "two.pcapng");

        var result = await CaptureWhilePingingAsync(["node_1:eth0", "node_2:eth0"], file, node1.Pid, pings: 3, inside: true);

        Assert.True(result.Packets >= 12, $"{result.Packets} packets captured for 3 echoes and their replies seen at both ends");
        Assert.Equal(["node_1:eth0", "node_2:eth0"], PcapngInterfaceNames(File.ReadAllBytes(file)));
        var (code, output, errors) = KernelProbe.Capture("tcpdump", ["-n", "-r", file]);
        Assert.True(code == 0, errors);
        // Each echo is seen twice: leaving node_1 and arriving at node_2.
        Assert.Equal(6, Regex.Matches(output, "ICMP echo request").Count);
        Assert.Equal(6, Regex.Matches(output, "ICMP echo reply").Count);
    }

    [SkippableFact]
    public async Task Capture_of_a_link_that_does_not_exist_is_a_clear_error_naming_it()
    {
        await StartTwoNodesAsync();
        var status = _kernel.Engine!.StatusAsync;
        var e = await Assert.ThrowsAsync<CaptureTargetException>(() => CaptureTargets.OpenAsync(_kernel.Engine!.Traffic,
            _ => status(TimeSpan.FromSeconds(5)), ["node_1:eth9"], inside: false, 256, CancellationToken.None));
        Assert.Equal(LinkTargetError.NotFound, e.Error);
        Assert.Equal("node_1:eth9: node_1 has no link eth9 (it has eth0)", e.Message);
        var ambiguous = await Assert.ThrowsAsync<CaptureTargetException>(() => CaptureTargets.OpenAsync(_kernel.Engine!.Traffic,
            _ => status(TimeSpan.FromSeconds(5)), ["node:eth0"], inside: false, 256, CancellationToken.None));
        Assert.Equal("node:eth0: service node has 2 replicas; name one as node_1:eth0 or node_2:eth0", ambiguous.Message);
    }

    private async Task<(Conlink.Config.Planning.ContainerIdentity, Conlink.Config.Planning.ContainerIdentity)> StartTwoNodesAsync()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestPlans.VethPerContainer("eth0"));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        var node2 = _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        // Neighbours resolved first, so that the captures hold the echoes only.
        Ping(node1.Pid, "10.0.0.2", 1);
        Ping(node2.Pid, "10.0.0.1", 1);
        return (node1, node2);
    }

    /// <summary>
    /// Captures for two seconds (scaled by <see cref="Patience"/>: the window must hold the pings, and starting ping
    /// took longer than a second on the VM's emulated CPU), the pings sent meanwhile (other frames, such as IPv6
    /// neighbour discovery, may come too).
    /// </summary>
    private async Task<CaptureSession.Result> CaptureWhilePingingAsync(string[] targets, string file, int fromPid, int pings, bool inside = false)
    {
        var engine = _kernel.Engine!;
        var captures = await CaptureTargets.OpenAsync(engine.Traffic, _ => engine.StatusAsync(TimeSpan.FromSeconds(5)), targets, inside, 65535, CancellationToken.None);
        try
        {
            await using var output = File.Create(file);
            using var timeout = new CancellationTokenSource(Patience.Seconds(20));
            var session = CaptureSession.RunAsync(captures, new CaptureLimits { Duration = Patience.Seconds(2) }, output, timeout.Token);
            Ping(fromPid, "10.0.0.2", pings);
            return await session;
        }
        finally
        {
            foreach (var (_, capture) in captures) capture.Dispose();
        }
    }

    private async Task<string> ScrapeAsync()
    {
        using var text = new MemoryStream();
        await _kernel.Engine!.Metrics!.WriteAsync(text, CancellationToken.None);
        return Encoding.UTF8.GetString(text.ToArray());
    }

    private static double Value(string exposition, string series)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no series {series} in:\n{exposition}");
        return double.Parse(line![(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Ping(int pid, string address, int count)
    {
        var (code, output) = KernelProbe.InNamespaceOf(pid, "ping", "-c", count.ToString(), "-i", "0.01", "-W", "2", address);
        Assert.True(code == 0, output);
    }

    /// <summary>The if_name of each Interface Description Block, read straight from the bytes.</summary>
    internal static List<string> PcapngInterfaceNames(byte[] file)
    {
        var names = new List<string>();
        for (var at = 0; at + 12 <= file.Length;)
        {
            var type = BitConverter.ToUInt32(file, at);
            var length = (int)BitConverter.ToUInt32(file, at + 4);
            if (type == 1)
            {
                for (var o = at + 16; o + 4 <= at + length - 4;)
                {
                    var code = BitConverter.ToUInt16(file, o);
                    var size = BitConverter.ToUInt16(file, o + 2);
                    if (code == 0) break;
                    if (code == 2) names.Add(Encoding.UTF8.GetString(file, o + 4, size));
                    o += 4 + ((size + 3) & ~3);
                }
            }
            at += length;
        }
        return names;
    }
}
