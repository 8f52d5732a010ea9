using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Conlink.Netlink.Namespaces;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// netem through the real engine, measured with traffic between two containers (scripts/test.sh vm runs
/// it on Debian's kernel; this machine's has no sch_netem): container a's links carry the netem, b's
/// none, and a link of a without netem is the baseline on the same machine at the same moment.
/// </summary>
[Collection("kernel")]
[Trait("Category", "KernelFeature")]
public sealed partial class NetemTrafficTests : IAsyncLifetime
{
    private readonly KernelEngine _kernel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kernel.DisposeAsync();

    [SkippableFact]
    public async Task Delay_loss_and_rate_set_in_the_config_delay_lose_and_limit_real_traffic()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Skip.IfNot(KernelFeatures.HasQdisc("netem"), "this kernel has no netem (module sch_netem); scripts/test.sh vm runs this test on Debian's kernel");
        _kernel.Start(TestNetwork.FromYaml("""
            links:
              - {service: a, bridge: s0, dev: eth0, ip: 10.0.40.1/24}
              - {service: a, bridge: s1, dev: eth1, ip: 10.0.41.1/24, netem: delay 50ms}
              - {service: a, bridge: s2, dev: eth2, ip: 10.0.42.1/24, netem: loss 50%}
              - {service: a, bridge: s3, dev: eth3, ip: 10.0.43.1/24, netem: rate 1mbit}
              - {service: b, bridge: s0, dev: eth0, ip: 10.0.40.2/24}
              - {service: b, bridge: s1, dev: eth1, ip: 10.0.41.2/24}
              - {service: b, bridge: s2, dev: eth2, ip: 10.0.42.2/24}
              - {service: b, bridge: s3, dev: eth3, ip: 10.0.43.2/24}
            """));
        var a = _kernel.Runtime.Start("a_1", "a", 1);
        var b = _kernel.Runtime.Start("b_1", "b", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 8);

        var baseline = PingFrom(a.Pid, "10.0.40.2", 20);
        var delayed = PingFrom(a.Pid, "10.0.41.2", 20);
        Assert.Equal((20, 20), (baseline.Received, delayed.Received));
        var extra = delayed.MinMs - baseline.MinMs;
        Assert.True(extra is >= 48 and <= 125, $"extra round trip {extra:F1} ms (baseline {baseline.MinMs} ms, through delay 50ms {delayed.MinMs} ms)");

        // Only the pings may meet the loss: an ARP probe lost to it would drop more (a's probes, or b's re-probe of a
        // once its entry goes stale, which a slow emulated CPU reaches within the 200 pings).
        PinNeighbour(a.Pid, "10.0.42.2", MacOf(b.Pid, "eth2"), "eth2");
        PinNeighbour(b.Pid, "10.0.42.1", MacOf(a.Pid, "eth2"), "eth2");
        var lossy = PingFrom(a.Pid, "10.0.42.2", 200, interval: 0.01);
        Assert.True(lossy.LossFraction is >= 0.3 and <= 0.7, $"{lossy.Sent - lossy.Received} of {lossy.Sent} pings lost through loss 50%");

        const int bytes = 200_000;
        var unlimited = await TransferAsync(a.Pid, b.Pid, IPAddress.Parse("10.0.40.2"), bytes);
        var limited = await TransferAsync(a.Pid, b.Pid, IPAddress.Parse("10.0.43.2"), bytes);
        var megabits = bytes * 8 / limited.TotalSeconds / 1e6;
        Assert.True(megabits is >= 0.5 and <= 1.05, $"{megabits:F2} Mbit/s through rate 1mbit ({limited.TotalSeconds:F2} s for {bytes} bytes)");
        Assert.True(unlimited * 4 < limited, $"without netem the same transfer took {unlimited.TotalSeconds:F2} s, with it {limited.TotalSeconds:F2} s");
    }

    private static string MacOf(int pid, string dev) =>
        KernelProbe.LinksOf(pid).EnumerateArray().Single(l => l.GetProperty("ifname").GetString() == dev).GetProperty("address").GetString()!;

    private static void PinNeighbour(int pid, string address, string mac, string dev)
    {
        var (exitCode, output) = KernelProbe.InNamespaceOf(pid, "ip", "neigh", "replace", address, "lladdr", mac, "dev", dev, "nud", "permanent");
        Assert.True(exitCode == 0, $"ip neigh replace {address} in pid {pid}'s namespace: {output}");
    }

    private sealed record PingResult(int Sent, int Received, double MinMs)
    {
        public double LossFraction => (double)(Sent - Received) / Sent;
    }

    private static PingResult PingFrom(int pid, string address, int count, double interval = 0.05)
    {
        var (_, output) = KernelProbe.InNamespaceOf(pid, "ping", "-q", "-n", "-c", $"{count}",
            "-i", interval.ToString(CultureInfo.InvariantCulture), "-W", "1", address);
        var counts = Counts().Match(output);
        Assert.True(counts.Success, $"ping {address} printed no summary: {output}");
        var rtt = Rtt().Match(output);
        return new PingResult(int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture),
            rtt.Success ? double.Parse(rtt.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN);
    }

    /// <summary>Sends <paramref name="bytes"/> over TCP from the client's namespace to a listener in the server's; how long receiving them took.</summary>
    private static async Task<TimeSpan> TransferAsync(int clientPid, int serverPid, IPAddress address, int bytes)
    {
        using var serverNs = NetNs.OfProcess(serverPid);
        using var clientNs = NetNs.OfProcess(clientPid);
        using var listener = serverNs.Run(() => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(address, 7790));
        listener.Listen();
        using var connection = clientNs.Run(() => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var accepting = listener.AcceptAsync(cancel.Token).AsTask();
        await connection.ConnectAsync(new IPEndPoint(address, 7790), cancel.Token);
        using var accepted = await accepting;
        var clock = Stopwatch.StartNew();
        var sending = connection.SendAsync(new byte[bytes], cancel.Token).AsTask();
        var buffer = new byte[64 * 1024];
        for (var received = 0; received < bytes;)
        {
            var n = await accepted.ReceiveAsync(buffer, cancel.Token);
            if (n == 0) throw new IOException($"the connection closed after {received} of {bytes} bytes");
            received += n;
        }
        var elapsed = clock.Elapsed;
        await sending;
        return elapsed;
    }

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) received")]
    private static partial Regex Counts();

    [GeneratedRegex(@"= ([\d.]+)/[\d.]+/[\d.]+/[\d.]+ ms")]
    private static partial Regex Rtt();
}
