using System.Buffers.Binary;
using System.Text.Json;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Links;

/// <summary>IFLA_STATS64 counters on link get and list, against traffic the test sends and <c>ip -s -j link</c>.</summary>
public sealed class LinkStatisticsTests
{
    private const int PingCount = 20;

    private static (ScratchNamespace A, ScratchNamespace B) Pair()
    {
        var a = ScratchNamespace.Create();
        var b = ScratchNamespace.Create();
        a.Handle.LinkAdd(new LinkVeth("eth0", new VethPeer("eth0") { Namespace = b.Ns }) { Up = true });
        b.Handle.LinkSetUp("eth0");
        a.Handle.AddrAdd("eth0", InterfaceAddress.Parse("10.79.0.1/24"));
        b.Handle.AddrAdd("eth0", InterfaceAddress.Parse("10.79.0.2/24"));
        return (a, b);
    }

    private static ulong[] Counters(LinkStatistics s) =>
        [s.RxBytes, s.RxPackets, s.RxErrors, s.RxDropped, s.Multicast, s.TxBytes, s.TxPackets, s.TxErrors, s.TxDropped];

    private static ulong[] Counters(JsonElement link)
    {
        var stats = link.GetProperty("stats64");
        var rx = stats.GetProperty("rx");
        var tx = stats.GetProperty("tx");
        ulong Get(JsonElement e, string name) => e.GetProperty(name).GetUInt64();
        return [Get(rx, "bytes"), Get(rx, "packets"), Get(rx, "errors"), Get(rx, "dropped"), Get(rx, "multicast"),
            Get(tx, "bytes"), Get(tx, "packets"), Get(tx, "errors"), Get(tx, "dropped")];
    }

    /// <summary>Each of ip's counters lies between the library's reads before and after it.</summary>
    private static void AssertBetween(ulong[] before, ulong[] ip, ulong[] after)
    {
        for (var i = 0; i < ip.Length; i++)
            Assert.True(before[i] <= ip[i] && ip[i] <= after[i], $"counter {i}: ip says {ip[i]}, the library {before[i]} before and {after[i]} after");
    }

    [SkippableFact]
    public void Pings_across_a_veth_raise_both_ends_counters_as_ip_shows_them()
    {
        var (a, b) = Pair();
        using (a)
        using (b)
        {
            var aBefore = a.Handle.LinkGet("eth0", statistics: true).Statistics!;
            var bBefore = b.Handle.LinkGet("eth0", statistics: true).Statistics!;

            Pings.Send(a, "10.79.0.2", PingCount);

            var aAfter = a.Handle.LinkGet("eth0", statistics: true).Statistics!;
            var bAfter = b.Handle.LinkGet("eth0", statistics: true).Statistics!;
            Assert.True(aAfter.TxPackets - aBefore.TxPackets >= PingCount, $"a sent {aAfter.TxPackets - aBefore.TxPackets} packets");
            Assert.True(aAfter.RxPackets - aBefore.RxPackets >= PingCount, $"a received {aAfter.RxPackets - aBefore.RxPackets} packets");
            Assert.True(bAfter.RxPackets - bBefore.RxPackets >= PingCount, $"b received {bAfter.RxPackets - bBefore.RxPackets} packets");
            Assert.True(bAfter.TxPackets - bBefore.TxPackets >= PingCount, $"b sent {bAfter.TxPackets - bBefore.TxPackets} packets");
            // An echo request or reply is at least 98 bytes on the wire (14 Ethernet + 20 IP + 8 ICMP + 56 data).
            Assert.True(aAfter.TxBytes - aBefore.TxBytes >= PingCount * 98UL);
            Assert.True(bAfter.RxBytes - bBefore.RxBytes >= PingCount * 98UL);
            Assert.Equal((0UL, 0UL, 0UL, 0UL), (aAfter.RxErrors, aAfter.TxErrors, bAfter.RxErrors, bAfter.TxErrors));

            foreach (var ns in new[] { a, b })
            {
                var before = Counters(ns.Handle.LinkGet("eth0", statistics: true).Statistics!);
                var ip = Counters(ns.Ip("-s", "link", "show", "dev", "eth0")[0]);
                var after = Counters(ns.Handle.LinkGet("eth0", statistics: true).Statistics!);
                AssertBetween(before, ip, after);
            }
        }
    }

    [SkippableFact]
    public void One_dump_gives_the_counters_of_every_veth_in_the_namespace()
    {
        using var hub = ScratchNamespace.Create();
        using var c1 = ScratchNamespace.Create();
        using var c2 = ScratchNamespace.Create();
        hub.Handle.LinkAdd(new LinkVeth("h1", new VethPeer("eth0") { Namespace = c1.Ns }) { Up = true });
        hub.Handle.LinkAdd(new LinkVeth("h2", new VethPeer("eth0") { Namespace = c2.Ns }) { Up = true });
        foreach (var (c, address) in new[] { (c1, "10.80.1.2/24"), (c2, "10.80.2.2/24") })
        {
            c.Handle.LinkSetUp("eth0");
            c.Handle.AddrAdd("eth0", InterfaceAddress.Parse(address));
        }
        hub.Handle.AddrAdd("h1", InterfaceAddress.Parse("10.80.1.1/24"));
        hub.Handle.AddrAdd("h2", InterfaceAddress.Parse("10.80.2.1/24"));
        Pings.Send(c1, "10.80.1.1", PingCount);
        Pings.Send(c2, "10.80.2.1", PingCount * 2);

        var links = hub.Handle.LinkList(statistics: true).ToDictionary(l => l.Name);

        Assert.All(links.Values, l => Assert.NotNull(l.Statistics));
        Assert.True(links["h1"].Statistics!.RxPackets >= PingCount);
        Assert.True(links["h2"].Statistics!.RxPackets >= PingCount * 2);
        var ip = hub.Ip("-s", "link", "show").EnumerateArray().ToDictionary(l => l.GetProperty("ifname").GetString()!, l => Counters(l)[..2]);
        var after = hub.Handle.LinkList(statistics: true).ToDictionary(l => l.Name, l => Counters(l.Statistics!)[..2]);
        foreach (var name in new[] { "h1", "h2" })
            AssertBetween(Counters(links[name].Statistics!)[..2], ip[name], after[name]);
    }

    [SkippableFact]
    public void The_statistics_dump_gives_every_link_by_index_with_the_counters_ip_stats_shows()
    {
        using var hub = ScratchNamespace.Create();
        using var c1 = ScratchNamespace.Create();
        hub.Handle.LinkAdd(new LinkBridge("s1") { Up = true });
        hub.Handle.LinkAdd(new LinkVeth("h1", new VethPeer("eth0") { Namespace = c1.Ns }) { Up = true });
        hub.Handle.LinkSetMaster("h1", "s1");
        hub.Handle.AddrAdd("s1", InterfaceAddress.Parse("10.80.3.1/24"));
        c1.Handle.LinkSetUp("eth0");
        c1.Handle.AddrAdd("eth0", InterfaceAddress.Parse("10.80.3.2/24"));
        Pings.Send(c1, "10.80.3.1", PingCount);

        var before = hub.Handle.LinkStatisticsList().ToDictionary(e => e.Index, e => Counters(e.Statistics));
        var ip = hub.Ip("stats", "show", "group", "link").EnumerateArray()
            .ToDictionary(l => l.GetProperty("ifindex").GetInt32(), l => Counters(l));
        var after = hub.Handle.LinkStatisticsList().ToDictionary(e => e.Index, e => Counters(e.Statistics));

        var links = hub.Handle.LinkList().ToDictionary(l => l.Index, l => l.Name);
        Assert.Equal(links.Keys.Order(), before.Keys.Order());
        var h1 = links.Single(l => l.Value == "h1").Key;
        Assert.True(before[h1][1] >= PingCount, $"h1 received {before[h1][1]} packets");
        foreach (var index in links.Keys) AssertBetween(before[index], ip[index], after[index]);
    }

    [Theory]
    [InlineData(23 * 8)] // before Linux 4.6: no rx_nohandler
    [InlineData(25 * 8)] // since 5.19: rx_otherhost_dropped appended
    public void Counters_are_read_from_a_struct_of_another_kernel_version(int length)
    {
        var stats = new byte[length];
        for (var i = 0; i < length / 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(stats.AsSpan(i * 8), (ulong)(i + 1) * 1000);
        var attribute = new byte[4 + length];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)attribute.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), 23); // IFLA_STATS64
        stats.CopyTo(attribute, 4);
        var payload = new byte[16 + attribute.Length];
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), 7);
        attribute.CopyTo(payload, 16);
        using var handle = new NetlinkHandle(new ScriptedSocket((sequence, _) =>
            [ScriptedSocket.Message(16, 0, sequence, payload), ScriptedSocket.Error(sequence, 0)]));

        var read = handle.LinkGet(7, statistics: true).Statistics!;

        Assert.Equal((1000UL, 2000UL, 3000UL, 4000UL, 9000UL), (read.RxPackets, read.TxPackets, read.RxBytes, read.TxBytes, read.Multicast));
        Assert.Equal(length >= 24 * 8 ? 24000UL : 0UL, read.RxNoHandler);
    }

    [SkippableFact]
    public void Links_read_without_statistics_carry_none()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));

        Assert.Null(ns.Handle.LinkGet("v0").Statistics);
        Assert.All(ns.Handle.LinkList(), l => Assert.Null(l.Statistics));
        Assert.NotNull(ns.Handle.LinkGet("v0", statistics: true).Statistics);
    }
}
