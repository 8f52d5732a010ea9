using System.Net;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Links;

public sealed class LinkKindTests
{
    [SkippableFact]
    public void Bridge_is_created_up_and_a_veth_end_is_attached_to_it_at_creation()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkBridge("s1") { Up = true, Mtu = 9000 });
        var bridge = ns.Handle.LinkGet("s1");

        ns.Handle.LinkAdd(new LinkVeth("p1", new VethPeer("p1-peer")) { MasterIndex = bridge.Index, Up = true });

        var port = ns.Handle.LinkGet("p1");
        Assert.Equal(("bridge", true), (bridge.Kind, bridge.IsUp));
        Assert.Equal((bridge.Index, "bridge"), (port.MasterIndex, port.SlaveKind));
        Assert.Equal("s1", ns.IpLink("p1").GetProperty("master").GetString());
        Assert.Equal("bridge", ns.IpLink("s1").GetProperty("linkinfo").GetProperty("info_kind").GetString());
    }

    [SkippableFact]
    public void Vxlan_carries_vni_remote_local_port_underlay_and_learning()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("under0", new VethPeer("under1")));
        var underlay = ns.Handle.LinkGet("under0");

        ns.Handle.LinkAdd(new LinkVxlan("vxlan-42", 42)
        {
            Remote = IPAddress.Parse("10.9.0.2"),
            Local = IPAddress.Parse("10.9.0.1"),
            Port = 4789,
            UnderlayIndex = underlay.Index,
            Learning = false,
        });

        Assert.Equal("vxlan", ns.Handle.LinkGet("vxlan-42").Kind);
        var data = ns.IpLink("vxlan-42").GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal(42, data.GetProperty("id").GetInt32());
        Assert.Equal("10.9.0.2", data.GetProperty("remote").GetString());
        Assert.Equal("10.9.0.1", data.GetProperty("local").GetString());
        Assert.Equal(4789, data.GetProperty("port").GetInt32());
        Assert.Equal("under0", data.GetProperty("link").GetString());
        Assert.False(data.GetProperty("learning").GetBoolean());
        Assert.Equal(new TunnelEndpoint(42, IPAddress.Parse("10.9.0.2"), 4789), ns.Handle.LinkGet("vxlan-42").Tunnel);
    }

    [SkippableFact]
    public void Vxlan_over_an_ipv6_underlay_carries_its_ipv6_remote_and_local()
    {
        using var ns = ScratchNamespace.Create();

        ns.Handle.LinkAdd(new LinkVxlan("vxlan-43", 43)
        {
            Remote = IPAddress.Parse("fd00:77::2"),
            Local = IPAddress.Parse("fd00:77::1"),
            Port = 4789,
        });

        var data = ns.IpLink("vxlan-43").GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal("fd00:77::2", data.GetProperty("remote6").GetString());
        Assert.Equal("fd00:77::1", data.GetProperty("local6").GetString());
        Assert.False(data.TryGetProperty("remote", out _));
        Assert.Equal(new TunnelEndpoint(43, IPAddress.Parse("fd00:77::2"), 4789), ns.Handle.LinkGet("vxlan-43").Tunnel);
    }

    [SkippableFact]
    public void Vxlan_without_port_gets_the_kernel_default_as_ip_link_add_does()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVxlan("vxlan-7", 7) { Remote = IPAddress.Parse("10.9.0.2") });

        Assert.Equal(8472, ns.IpLink("vxlan-7").GetProperty("linkinfo").GetProperty("info_data").GetProperty("port").GetInt32());
    }

    [SkippableTheory]
    [InlineData(MacvlanMode.Bridge, "bridge")]
    [InlineData(MacvlanMode.Private, "private")]
    [InlineData(MacvlanMode.Vepa, "vepa")]
    public void Macvlan_is_created_on_its_parent_with_its_mode(MacvlanMode mode, string expected)
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("parent0", new VethPeer("parent1")));
        var parent = ns.Handle.LinkGet("parent0");

        ns.Handle.LinkAdd(new LinkMacvlan("mv0", parent.Index) { Mode = mode });

        var link = ns.Handle.LinkGet("mv0");
        Assert.Equal(("macvlan", parent.Index), (link.Kind, link.ParentIndex));
        var ip = ns.IpLink("mv0");
        Assert.Equal("parent0", ip.GetProperty("link").GetString());
        Assert.Equal(expected, ip.GetProperty("linkinfo").GetProperty("info_data").GetProperty("mode").GetString());
    }

    [SkippableFact]
    public void Macvtap_is_a_macvlan_of_kind_macvtap()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("parent0", new VethPeer("parent1")));

        ns.Handle.LinkAdd(new LinkMacvtap("mvt0", ns.Handle.ResolveIndex("parent0")) { Mode = MacvlanMode.Bridge });

        Assert.Equal("macvtap", ns.Handle.LinkGet("mvt0").Kind);
        var info = ns.IpLink("mvt0").GetProperty("linkinfo");
        Assert.Equal(("macvtap", "bridge"), (info.GetProperty("info_kind").GetString(), info.GetProperty("info_data").GetProperty("mode").GetString()));
    }

    [SkippableFact]
    public void Macvlan_is_created_directly_in_a_container_namespace_from_a_host_parent()
    {
        using var host = ScratchNamespace.Create();
        using var container = ScratchNamespace.Create();
        host.Handle.LinkAdd(new LinkVeth("host0", new VethPeer("host1")));

        host.Handle.LinkAdd(new LinkMacvlan("eth1", host.Handle.ResolveIndex("host0"))
        {
            Mode = MacvlanMode.Bridge,
            Namespace = container.Ns,
            Mtu = 1400,
        });

        Assert.Null(host.Handle.LinkFind("eth1"));
        var moved = container.Handle.LinkGet("eth1");
        Assert.Equal(("macvlan", 1400), (moved.Kind, moved.Mtu));
        Assert.NotNull(moved.ParentNamespaceId);
    }

    [SkippableFact]
    public void Link_list_holds_every_interface_of_the_namespace_only()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkBridge("s1"));
        ns.Handle.LinkAdd(new LinkVeth("a0", new VethPeer("a1")));

        var names = ns.Handle.LinkList().Select(l => l.Name).Order().ToArray();

        Assert.Equal(["a0", "a1", "lo", "s1"], names);
        Assert.Equal(names, ns.Ip("link", "show").EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!).Order());
    }
}
