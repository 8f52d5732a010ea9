using Conlink.Netlink.Links;
using Conlink.Netlink.Monitor;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Monitor;

public sealed class LinkMonitorTests
{
    private static async Task<LinkEvent> NextAbout(LinkMonitor monitor, string name, LinkEventKind kind)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var next = await monitor.Events.ReadAsync(timeout.Token);
            if (next.Link?.Name == name && next.Kind == kind) return next;
        }
    }

    [SkippableFact]
    public async Task Interfaces_appearing_changing_and_disappearing_are_reported()
    {
        using var ns = ScratchNamespace.Create();
        using var monitor = LinkMonitor.Open(ns.Ns);

        ns.Handle.LinkAdd(new LinkBridge("s1"));
        var appeared = await NextAbout(monitor, "s1", LinkEventKind.Appeared);
        ns.Handle.LinkSetUp("s1");
        var changed = await NextAbout(monitor, "s1", LinkEventKind.Changed);
        ns.Handle.LinkDel("s1");
        var disappeared = await NextAbout(monitor, "s1", LinkEventKind.Disappeared);

        Assert.Equal("bridge", appeared.Link!.Kind);
        Assert.True(changed.Link!.IsUp);
        Assert.Equal(appeared.Link.Index, disappeared.Link!.Index);
    }

    [SkippableFact]
    public async Task Interface_deleted_behind_our_back_is_noticed()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("eth0", new VethPeer("peer0")));
        using var monitor = LinkMonitor.Open(ns.Ns);

        Tool.Run("ip", "-n", ns.Name, "link", "del", "peer0");

        await NextAbout(monitor, "peer0", LinkEventKind.Disappeared);
        await NextAbout(monitor, "eth0", LinkEventKind.Disappeared);
    }

    [SkippableFact]
    public async Task Interface_moved_to_another_namespace_disappears_from_this_one()
    {
        using var a = ScratchNamespace.Create();
        using var b = ScratchNamespace.Create();
        a.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));
        using var monitorA = LinkMonitor.Open(a.Ns);
        using var monitorB = LinkMonitor.Open(b.Ns);

        a.Handle.LinkSetNetNs("v1", b.Ns);

        await NextAbout(monitorA, "v1", LinkEventKind.Disappeared);
        await NextAbout(monitorB, "v1", LinkEventKind.Appeared);
    }

    [SkippableFact]
    public async Task Disposing_completes_the_event_stream()
    {
        using var ns = ScratchNamespace.Create();
        var monitor = LinkMonitor.Open(ns.Ns);

        monitor.Dispose();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await monitor.Events.Completion.WaitAsync(timeout.Token);
        Assert.False(monitor.Events.TryRead(out _));
    }

    [SkippableFact]
    public async Task A_port_taken_off_its_bridge_is_changed_not_gone()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkBridge("s1"));
        ns.Handle.LinkAdd(new LinkVeth("port0", new VethPeer("peer0")));
        ns.Handle.LinkSetMaster("port0", "s1");
        ns.Handle.LinkSetUp("port0");
        using var monitor = LinkMonitor.Open(ns.Ns);

        // The kernel also sends the bridge's own view of its ports (AF_BRIDGE), including an RTM_DELLINK
        // when a port leaves it: that is no interface disappearing.
        ns.Handle.LinkSetNoMaster("port0");
        ns.Handle.LinkSet("port0", new LinkChanges { Alias = "marker" });

        var seen = new List<LinkEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (seen.LastOrDefault()?.Link?.Alias != "marker") seen.Add(await monitor.Events.ReadAsync(timeout.Token));
        Assert.DoesNotContain(seen, e => e.Kind == LinkEventKind.Disappeared);
        Assert.Null(seen[^1].Link!.MasterIndex);
    }

    [SkippableFact]
    public void A_polled_monitor_has_every_change_made_before_the_poll_and_nothing_twice()
    {
        using var ns = ScratchNamespace.Create();
        using var monitor = LinkMonitor.OpenPolled(ns.Ns);
        Assert.Empty(monitor.Poll());

        ns.Handle.LinkAdd(new LinkBridge("s1"));
        Tool.Run("ip", "-n", ns.Name, "link", "set", "s1", "up");
        var first = monitor.Poll();
        Tool.Run("ip", "-n", ns.Name, "link", "del", "s1");
        var second = monitor.Poll();

        Assert.Equal(LinkEventKind.Appeared, first[0].Kind);
        Assert.True(first[^1].Link!.IsUp, string.Join(", ", first));
        // Taken down, then deleted: what the first poll took does not come again.
        Assert.Equal(LinkEventKind.Disappeared, second[^1].Kind);
        Assert.DoesNotContain(second, e => e.Kind == LinkEventKind.Appeared);
        Assert.Empty(monitor.Poll());
    }

    [SkippableFact]
    public void A_poll_behind_more_changes_than_it_takes_at_once_says_events_were_lost()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkBridge("s1"));
        using var monitor = LinkMonitor.OpenPolled(ns.Ns);
        var batch = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(batch, Enumerable.Range(0, 1100).Select(i => $"link set s1 mtu {1000 + i % 2}"));
            Tool.Run("ip", "-n", ns.Name, "-batch", batch);
        }
        finally
        {
            File.Delete(batch);
        }

        var events = monitor.Poll();

        Assert.Equal(LinkEventKind.EventsLost, events[^1].Kind);
        Assert.True(events.Count > 1000, $"{events.Count} events");
    }
}
