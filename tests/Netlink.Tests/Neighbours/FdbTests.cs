using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Neighbours;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Neighbours;

/// <summary>FDB entries on a vxlan (learning on, no remote) that is a port of a bridge, read back with <c>bridge -j fdb show</c>.</summary>
public sealed class FdbTests
{
    private static readonly PhysicalAddress RemoteMac = PhysicalAddress.Parse("02-00-00-00-00-0b");

    private static ScratchNamespace WithVxlan(out Link vxlan, out Link bridge)
    {
        var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkBridge("br0") { Up = true });
        bridge = ns.Handle.LinkGet("br0");
        ns.Handle.LinkAdd(new LinkVxlan("vx0", 42) { Port = 4789, Learning = true, MasterIndex = bridge.Index, Up = true });
        vxlan = ns.Handle.LinkGet("vx0");
        return ns;
    }

    private static JsonElement[] BridgeFdb(ScratchNamespace ns, string dev) =>
        [.. Tool.Json("bridge", ns.Name, "fdb", "show", "dev", dev).EnumerateArray()];

    private static string? Text(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out var value) ? value.ToString() : null;

    private static string[] Flags(JsonElement entry) => [.. entry.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!)];

    private static string[] FloodRemotes(IEnumerable<FdbEntry> entries) =>
        [.. entries.Where(e => e.Mac.Equals(FdbEntry.FloodMac) && e.Destination is not null).Select(e => e.Destination!.ToString()).Order()];

    [SkippableFact]
    public void Flood_entries_appended_per_peer_are_listed_and_shown_by_bridge()
    {
        using var ns = WithVxlan(out var vx0, out _);

        ns.Handle.FdbAppend(FdbEntry.Flood(vx0, IPAddress.Parse("10.9.0.2")));
        ns.Handle.FdbAppend(FdbEntry.Flood(vx0, IPAddress.Parse("10.9.0.3")));

        var ours = ns.Handle.FdbList(vx0).Where(e => e.Mac.Equals(FdbEntry.FloodMac)).ToArray();
        Assert.Equal(["10.9.0.2", "10.9.0.3"], FloodRemotes(ours));
        Assert.All(ours, e => Assert.Equal((vx0.Index, NeighbourFlags.Self, NeighbourState.FdbPermanent), (e.Device.Index, e.Flags & NeighbourFlags.Self, e.State)));
        var shown = BridgeFdb(ns, "vx0").Where(e => Text(e, "mac") == "00:00:00:00:00:00").ToArray();
        Assert.Equal(["10.9.0.2", "10.9.0.3"], shown.Select(e => Text(e, "dst")).Order());
        Assert.All(shown, e => Assert.Equal(("permanent", true), (Text(e, "state"), Flags(e).Contains("self"))));
    }

    [SkippableFact]
    public void Appending_a_remote_that_is_already_there_keeps_one_entry()
    {
        using var ns = WithVxlan(out var vx0, out _);

        ns.Handle.FdbAppend(FdbEntry.Flood(vx0, IPAddress.Parse("10.9.0.2")));
        ns.Handle.FdbAppend(FdbEntry.Flood(vx0, IPAddress.Parse("10.9.0.2")));

        Assert.Equal(["10.9.0.2"], FloodRemotes(ns.Handle.FdbList(vx0)));
        Assert.Single(BridgeFdb(ns, "vx0"), e => Text(e, "mac") == "00:00:00:00:00:00");
    }

    [SkippableFact]
    public void Deleting_one_remote_of_the_flood_entry_keeps_the_others()
    {
        using var ns = WithVxlan(out var vx0, out _);
        foreach (var peer in new[] { "10.9.0.2", "10.9.0.3", "10.9.0.4" })
            ns.Handle.FdbAppend(FdbEntry.Flood(vx0, IPAddress.Parse(peer)));

        ns.Handle.FdbDel(FdbEntry.Flood(vx0, IPAddress.Parse("10.9.0.3")));

        Assert.Equal(["10.9.0.2", "10.9.0.4"], FloodRemotes(ns.Handle.FdbList(vx0)));
        Assert.Equal(["10.9.0.2", "10.9.0.4"],
            BridgeFdb(ns, "vx0").Where(e => Text(e, "mac") == "00:00:00:00:00:00").Select(e => Text(e, "dst")).Order());
    }

    [SkippableFact]
    public void Listed_entries_are_deleted_as_they_were_read()
    {
        using var ns = WithVxlan(out var vx0, out _);
        ns.Handle.FdbAppend(FdbEntry.Flood(vx0, IPAddress.Parse("10.9.0.2")));
        ns.Handle.FdbAdd(new FdbEntry(RemoteMac, vx0) { Destination = IPAddress.Parse("10.9.0.2"), Vni = 100, Port = 4790 });

        foreach (var entry in ns.Handle.FdbList(vx0).Where(e => e.Destination is not null))
            ns.Handle.FdbDel(entry);

        Assert.DoesNotContain(ns.Handle.FdbList(vx0), e => e.Destination is not null);
        Assert.DoesNotContain(BridgeFdb(ns, "vx0"), e => Text(e, "dst") is not null);
    }

    [SkippableFact]
    public void Static_unicast_entry_carries_its_remote_vni_port_and_underlay()
    {
        using var ns = WithVxlan(out var vx0, out _);
        ns.Handle.LinkAdd(new LinkVeth("under0", new VethPeer("under1")));
        var under0 = ns.Handle.LinkGet("under0");

        ns.Handle.FdbAdd(new FdbEntry(RemoteMac, vx0) { Destination = IPAddress.Parse("10.9.0.3"), Vni = 100, Port = 4790, ViaIndex = under0.Index });

        var entry = Assert.Single(ns.Handle.FdbList(vx0), e => e.Mac.Equals(RemoteMac) && e.IsSelf);
        Assert.Equal((IPAddress.Parse("10.9.0.3"), 100u, (ushort)4790, under0.Index), (entry.Destination, entry.Vni, entry.Port, entry.ViaIndex));
        var shown = Assert.Single(BridgeFdb(ns, "vx0"), e => Text(e, "mac") == "02:00:00:00:00:0b");
        Assert.Equal(("10.9.0.3", "100", "4790", "under0", "permanent"),
            (Text(shown, "dst"), Text(shown, "vni"), Text(shown, "port"), Text(shown, "viaIf"), Text(shown, "state")));
    }

    [SkippableFact]
    public void Replace_points_a_mac_at_another_remote()
    {
        using var ns = WithVxlan(out var vx0, out _);
        ns.Handle.FdbAdd(new FdbEntry(RemoteMac, vx0) { Destination = IPAddress.Parse("10.9.0.3") });

        ns.Handle.FdbReplace(new FdbEntry(RemoteMac, vx0) { Destination = IPAddress.Parse("10.9.0.4") });

        Assert.Equal([IPAddress.Parse("10.9.0.4")], ns.Handle.FdbList(vx0).Where(e => e.Mac.Equals(RemoteMac)).Select(e => e.Destination));
        Assert.Equal(["10.9.0.4"], BridgeFdb(ns, "vx0").Where(e => Text(e, "mac") == "02:00:00:00:00:0b").Select(e => Text(e, "dst")));
    }

    [SkippableFact]
    public void Static_entry_in_the_bridge_table_of_a_port()
    {
        using var ns = WithVxlan(out var vx0, out var br0);

        ns.Handle.FdbAdd(new FdbEntry(RemoteMac, vx0) { Flags = NeighbourFlags.Master, State = NeighbourState.FdbStatic });

        // Older kernels (Debian 12's 6.1, in the vm level; not 6.18) also add a copy for each VLAN of the
        // port, here the default VLAN 1, even with VLAN filtering off; bridge fdb shows it too.
        var listed = ns.Handle.FdbList(bridge: br0).Where(e => e.Mac.Equals(RemoteMac)).ToList();
        Assert.All(listed, e => Assert.True(e.Vlan is null or 1, $"unexpected entry {e}"));
        var entry = Assert.Single(listed, e => e.Vlan is null);
        Assert.Equal((vx0.Index, br0.Index, false), (entry.Device.Index, entry.MasterIndex, entry.IsSelf));
        Assert.Equal(NeighbourState.NoArp, entry.State & (NeighbourState.NoArp | NeighbourState.Permanent));
        var shown = Assert.Single(BridgeFdb(ns, "vx0"), e => Text(e, "mac") == "02:00:00:00:00:0b" && Text(e, "vlan") is null);
        Assert.Equal(("br0", "static"), (Text(shown, "master"), Text(shown, "state")));
    }

    [SkippableFact]
    public void Ipv6_remote_on_a_vxlan_with_an_ipv6_local_address()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVxlan("vx6", 43) { Port = 4789, Local = IPAddress.Parse("fd00::1") });
        var vx6 = ns.Handle.LinkGet("vx6");

        ns.Handle.FdbAppend(FdbEntry.Flood(vx6, IPAddress.Parse("fd00::2")));

        Assert.Equal(["fd00::2"], FloodRemotes(ns.Handle.FdbList(vx6)));
        Assert.Equal(["fd00::2"], BridgeFdb(ns, "vx6").Select(e => Text(e, "dst")));
    }

    [SkippableFact]
    public void Ipv6_remote_on_an_ipv4_vxlan_is_refused_with_the_reason()
    {
        using var ns = WithVxlan(out var vx0, out _);

        var error = Assert.Throws<NetlinkException>(() => ns.Handle.FdbAppend(FdbEntry.Flood(vx0, IPAddress.Parse("fd00::2"))));

        Assert.Equal("EAFNOSUPPORT", error.ErrnoName);
        Assert.StartsWith("fdb entry 00:00:00:00:00:00 dev vx0 dst fd00::2 self permanent: the destination's address family is not the device's", error.Message);
    }

    [SkippableFact]
    public void Adding_an_entry_twice_says_it_already_exists()
    {
        using var ns = WithVxlan(out _, out _);
        var entry = new FdbEntry(RemoteMac, "vx0") { Destination = IPAddress.Parse("10.9.0.3") };
        ns.Handle.FdbAdd(entry);

        var error = Assert.Throws<NetlinkException>(() => ns.Handle.FdbAdd(entry));

        Assert.True(error.AlreadyExists);
        Assert.StartsWith($"fdb entry 02:00:00:00:00:0b dev vx0 dst 10.9.0.3 self permanent already exists in namespace {ns.Name}", error.Message);
    }

    [SkippableFact]
    public void Deleting_a_missing_entry_says_it_does_not_exist()
    {
        using var ns = WithVxlan(out _, out _);

        var error = Assert.Throws<NetlinkException>(() => ns.Handle.FdbDel(FdbEntry.Flood("vx0", IPAddress.Parse("10.9.0.9"))));

        Assert.True(error.NotFound);
        Assert.StartsWith($"fdb entry 00:00:00:00:00:00 dev vx0 dst 10.9.0.9 self permanent does not exist in namespace {ns.Name}", error.Message);
    }

    [SkippableFact]
    public void Bridge_table_entry_on_a_device_that_is_no_bridge_port_is_refused_with_the_reason()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));

        var error = Assert.Throws<NetlinkException>(() =>
            ns.Handle.FdbAdd(new FdbEntry(RemoteMac, "v0") { Flags = NeighbourFlags.Master, State = NeighbourState.FdbStatic }));

        Assert.Equal("EOPNOTSUPP", error.ErrnoName);
        Assert.Contains("v0 keeps no such entries", error.Message);
        Assert.Contains("'master' entries need a bridge port", error.Message);
    }

    [SkippableFact]
    public void Entry_on_a_missing_device_names_the_device()
    {
        using var ns = ScratchNamespace.Create();

        var error = Assert.Throws<NetlinkException>(() => ns.Handle.FdbAppend(FdbEntry.Flood("vx9", IPAddress.Parse("10.9.0.2"))));

        Assert.Equal($"no interface vx9 in namespace {ns.Name}", error.Message);
    }

    [SkippableFact]
    public void Listing_one_device_leaves_out_the_others()
    {
        using var ns = WithVxlan(out var vx0, out _);
        ns.Handle.LinkAdd(new LinkVxlan("vx1", 43) { Port = 4789 });
        ns.Handle.FdbAppend(FdbEntry.Flood(vx0, IPAddress.Parse("10.9.0.2")));
        ns.Handle.FdbAppend(FdbEntry.Flood("vx1", IPAddress.Parse("10.9.0.7")));

        Assert.All(ns.Handle.FdbList(vx0), e => Assert.Equal(vx0.Index, e.Device.Index));
        Assert.Equal(["10.9.0.2", "10.9.0.7"], FloodRemotes(ns.Handle.FdbList()));
    }
}
