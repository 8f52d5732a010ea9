using System.Net;
using System.Text.Json;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tc;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Features;

/// <summary>
/// netem on a real kernel: every option the parser accepts is read back (<c>tc -j qdisc show</c>) as tc
/// itself sets it, and delay, loss and rate are measured with traffic against the same link without netem.
/// The bounds are wide: in the VM the CPU is emulated, so everything but netem's own delay is slow.
/// </summary>
[Trait("Category", "KernelFeature")]
public sealed class NetemKernelTests
{
    /// <summary>What we send, and the same options for tc where tc spells them differently.</summary>
    public static TheoryData<string, string> Options => new()
    {
        { "delay 100ms", "delay 100ms" },
        { "latency 3ms", "delay 3ms" },
        { "delay 100ms 10ms", "delay 100ms 10ms" },
        { "delay 100ms 10ms 25%", "delay 100ms 10ms 25%" },
        { "delay 100ms 10ms 25% distribution normal", "delay 100ms 10ms 25% distribution normal" },
        { "delay 100ms 10ms distribution pareto", "delay 100ms 10ms distribution pareto" },
        { "delay 100ms 10ms distribution paretonormal", "delay 100ms 10ms distribution paretonormal" },
        // our uniform is the kernel's own jitter distribution, which is what tc gets without a table
        { "delay 100ms 10ms distribution uniform", "delay 100ms 10ms" },
        { "loss 1%", "loss 1%" },
        { "loss random 1% 25%", "loss random 1% 25%" },
        { "drop 3%", "loss 3%" },
        { "loss 5% ecn", "loss 5% ecn" },
        // (with a correlation, see A_duplicate_correlation_given_alone_reaches_the_kernel)
        { "duplicate 2%", "duplicate 2%" },
        { "corrupt 0.1% 5%", "corrupt 0.1% 5%" },
        { "delay 10ms reorder 25% 50%", "delay 10ms reorder 25% 50%" },
        { "delay 10ms reorder 25% gap 5", "delay 10ms reorder 25% gap 5" },
        { "rate 10mbit", "rate 10mbit" },
        { "rate 10mbit 20 100 -5", "rate 10mbit 20 100 -5" },
        { "rate 50gbit", "rate 50gbit" },
        { "limit 5000", "limit 5000" },
        { "slot 10ms", "slot 10ms" },
        { "slot 10ms 20ms packets 5 bytes 1500", "slot 10ms 20ms packets 5 bytes 1500" },
        { "rate 10mbit delay 40ms", "rate 10mbit delay 40ms" },
    };

    [SkippableTheory]
    [MemberData(nameof(Options))]
    public void Each_option_is_read_back_from_the_kernel_as_tc_sets_it(string ours, string tcs)
    {
        KernelFeature.RequireQdisc("netem", "sch_netem");
        using var ns = WithVethPair();

        ns.Handle.QdiscAdd("v0", NetemSpec.Parse(ours));
        Tool.Run("tc", ["-n", ns.Name, "qdisc", "add", "dev", "v1", "root", "netem", .. tcs.Split(' ')]);

        var mine = ns.Tc("qdisc", "show", "dev", "v0")[0];
        var theirs = ns.Tc("qdisc", "show", "dev", "v1")[0];
        Assert.Equal("netem", mine.GetProperty("kind").GetString());
        Assert.Equal(theirs.GetProperty("options").ToString(), mine.GetProperty("options").ToString());
    }

    [SkippableFact]
    public void Every_option_at_once_is_read_back_with_the_values_given()
    {
        KernelFeature.RequireQdisc("netem", "sch_netem");
        using var ns = WithVethPair();

        ns.Handle.QdiscAdd("v0", NetemSpec.Parse("limit 5000 delay 100ms 10ms 25% distribution normal loss random 1% 25% ecn "
            + "duplicate 2% 3% corrupt 0.1% 5% reorder 25% 50% gap 5 rate 10mbit 20 100 -5 slot 10ms 20ms packets 5 bytes 1500"));

        var options = ns.Tc("qdisc", "show", "dev", "v0")[0].GetProperty("options");
        Assert.Equal(5000, options.GetProperty("limit").GetInt32());
        AssertValues(options.GetProperty("delay"), ("delay", 0.1), ("jitter", 0.01), ("correlation", 0.25));
        AssertValues(options.GetProperty("loss-random"), ("loss", 0.01), ("correlation", 0.25));
        AssertValues(options.GetProperty("duplicate"), ("duplicate", 0.02), ("correlation", 0.03));
        AssertValues(options.GetProperty("corrupt"), ("corrupt", 0.001), ("correlation", 0.05));
        AssertValues(options.GetProperty("reorder"), ("reorder", 0.25), ("correlation", 0.5));
        AssertValues(options.GetProperty("rate"), ("rate", 1_250_000), ("packetoverhead", 20), ("cellsize", 100), ("celloverhead", -5));
        AssertValues(options.GetProperty("slot"), ("min-delay", 0.01), ("max-delay", 0.02), ("packets", 5), ("bytes", 1500));
        Assert.True(options.GetProperty("ecn").GetBoolean());
        Assert.Equal(5, options.GetProperty("gap").GetInt32());
    }

    /// <summary>
    /// iproute2 6.1's tc sends no correlation for "duplicate 2% 3%" when nothing else carries one (its
    /// request has no TCA_NETEM_CORR), so the kernel shows 0 there; we send what was written.
    /// </summary>
    [SkippableFact]
    public void A_duplicate_correlation_given_alone_reaches_the_kernel()
    {
        KernelFeature.RequireQdisc("netem", "sch_netem");
        using var ns = WithVethPair();

        ns.Handle.QdiscAdd("v0", NetemSpec.Parse("duplicate 2% 3%"));

        var options = ns.Tc("qdisc", "show", "dev", "v0")[0].GetProperty("options");
        AssertValues(options.GetProperty("duplicate"), ("duplicate", 0.02), ("correlation", 0.03));
    }

    [SkippableFact]
    public void Netem_is_replaced_and_deleted()
    {
        KernelFeature.RequireQdisc("netem", "sch_netem");
        using var ns = WithVethPair();
        ns.Handle.QdiscAdd("v0", NetemSpec.Parse("delay 100ms"));

        ns.Handle.QdiscReplace("v0", NetemSpec.Parse("delay 20ms loss 2%"));
        var options = ns.Tc("qdisc", "show", "dev", "v0")[0].GetProperty("options");
        Assert.Equal((0.02, 0.02), (options.GetProperty("delay").GetProperty("delay").GetDouble(), options.GetProperty("loss-random").GetProperty("loss").GetDouble()));

        ns.Handle.QdiscDel("v0");
        Assert.DoesNotContain(ns.Handle.QdiscList("v0"), q => q.Kind == "netem");
    }

    [SkippableFact]
    public void A_delay_of_50ms_adds_about_50ms_to_the_round_trip()
    {
        KernelFeature.RequireQdisc("netem", "sch_netem");
        using var link = TwoEnds.Make("10.86.0");
        var baseline = Ping.From(link.A, "10.86.0.2", 20);

        link.A.Handle.QdiscAdd("eth0", NetemSpec.Parse("delay 50ms"));
        var delayed = Ping.From(link.A, "10.86.0.2", 20);

        Assert.Equal((20, 20), (baseline.Received, delayed.Received));
        var extra = delayed.MinMs - baseline.MinMs;
        Assert.True(extra is >= 48 and <= 125, $"extra round trip {extra:F1} ms (baseline {baseline.MinMs} ms, with netem {delayed.MinMs} ms); expected about 50 ms");
    }

    [SkippableFact]
    public void A_loss_of_50_percent_loses_between_30_and_70_percent_of_200_pings()
    {
        KernelFeature.RequireQdisc("netem", "sch_netem");
        using var link = TwoEnds.Make("10.87.0");
        Assert.Equal(10, Ping.From(link.A, "10.87.0.2", 10).Received);

        link.A.Handle.QdiscAdd("eth0", NetemSpec.Parse("loss 50%"));
        var lossy = Ping.From(link.A, "10.87.0.2", 200, interval: 0.01);

        Assert.Equal(200, lossy.Sent);
        Assert.True(lossy.LossFraction is >= 0.3 and <= 0.7, $"{lossy.Sent - lossy.Received} of 200 pings lost");
    }

    [SkippableFact]
    public async Task A_rate_of_1mbit_limits_tcp_throughput_to_it()
    {
        KernelFeature.RequireQdisc("netem", "sch_netem");
        using var link = TwoEnds.Make("10.88.0");
        const int bytes = 200_000;
        var server = IPAddress.Parse("10.88.0.2");
        var unlimited = await Traffic.TransferAsync(link.A.Ns, link.B.Ns, server, bytes);

        link.A.Handle.QdiscAdd("eth0", NetemSpec.Parse("rate 1mbit"));
        var limited = await Traffic.TransferAsync(link.A.Ns, link.B.Ns, server, bytes, port: 7779);

        var megabits = bytes * 8 / limited.TotalSeconds / 1e6;
        Assert.True(megabits is >= 0.5 and <= 1.05, $"{megabits:F2} Mbit/s through a 1 Mbit/s netem rate ({limited.TotalSeconds:F2} s for {bytes} bytes)");
        Assert.True(unlimited * 4 < limited, $"without netem the same transfer took {unlimited.TotalSeconds:F2} s, with it {limited.TotalSeconds:F2} s");
    }

    private static void AssertValues(JsonElement element, params (string Name, double Value)[] expected)
    {
        foreach (var (name, value) in expected)
            Assert.True(Math.Abs(element.GetProperty(name).GetDouble() - value) < 1e-9, $"{name}: {element.GetProperty(name)} instead of {value}");
    }

    private static ScratchNamespace WithVethPair()
    {
        var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")) { Up = true });
        ns.Handle.LinkSetUp("v1");
        return ns;
    }

    /// <summary>Two namespaces joined by a veth, eth0 in each: PREFIX.1 in A, PREFIX.2 in B.</summary>
    private sealed class TwoEnds : IDisposable
    {
        private TwoEnds(ScratchNamespace a, ScratchNamespace b) => (A, B) = (a, b);

        public ScratchNamespace A { get; }
        public ScratchNamespace B { get; }

        public static TwoEnds Make(string prefix)
        {
            var a = ScratchNamespace.Create();
            var b = ScratchNamespace.Create();
            a.Handle.LinkAdd(new LinkVeth("eth0", new VethPeer("eth0") { Namespace = b.Ns }) { Mtu = 1500, Up = true });
            b.Handle.LinkSetUp("eth0");
            a.Handle.AddrAdd("eth0", InterfaceAddress.Parse(prefix + ".1/24"));
            b.Handle.AddrAdd("eth0", InterfaceAddress.Parse(prefix + ".2/24"));
            return new TwoEnds(a, b);
        }

        public void Dispose()
        {
            A.Dispose();
            B.Dispose();
        }
    }
}
