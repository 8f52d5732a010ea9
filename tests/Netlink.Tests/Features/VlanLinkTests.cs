using System.Net;
using System.Net.NetworkInformation;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Features;

[Trait("Category", "KernelFeature")]
public sealed class VlanLinkTests
{
    [SkippableFact]
    public void A_vlan_on_a_parent_carries_its_id_mac_and_mtu()
    {
        KernelFeature.RequireLinkType("vlan", "8021q");
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("parent0", new VethPeer("parent1")) { Mtu = 1400 });
        var parent = ns.Handle.LinkGet("parent0");

        ns.Handle.LinkAdd(new LinkVlan("vl5", parent.Index, 5) { Mac = PhysicalAddress.Parse("02-00-00-00-05-05"), Mtu = 1300 });

        var link = ns.Handle.LinkGet("vl5");
        Assert.Equal(("vlan", parent.Index, 1300), (link.Kind, link.ParentIndex, link.Mtu));
        var ip = ns.IpLink("vl5");
        var data = ip.GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal(("802.1Q", 5), (data.GetProperty("protocol").GetString(), data.GetProperty("id").GetInt32()));
        Assert.Equal(("parent0", "02:00:00:00:05:05", 1300), (ip.GetProperty("link").GetString(), ip.GetProperty("address").GetString(), ip.GetProperty("mtu").GetInt32()));
    }

    [SkippableFact]
    public async Task A_vlan_made_from_a_host_parent_straight_into_a_container_carries_tagged_traffic_to_the_other_end()
    {
        KernelFeature.RequireLinkType("vlan", "8021q");
        using var host = ScratchNamespace.Create();
        using var container = ScratchNamespace.Create();
        using var peer = ScratchNamespace.Create();
        host.Handle.LinkAdd(new LinkVeth("parent0", new VethPeer("eth0") { Namespace = peer.Ns }) { Up = true });
        peer.Handle.LinkSetUp("eth0");
        peer.Handle.LinkAdd(new LinkVlan("eth0.7", peer.Handle.ResolveIndex("eth0"), 7) { Up = true });
        peer.Handle.AddrAdd("eth0.7", InterfaceAddress.Parse("10.81.7.2/24"));

        host.Handle.LinkAdd(new LinkVlan("eth1", host.Handle.ResolveIndex("parent0"), 7) { Namespace = container.Ns });
        container.Handle.LinkSetUp("eth1");
        container.Handle.AddrAdd("eth1", InterfaceAddress.Parse("10.81.7.1/24"));

        Assert.Null(host.Handle.LinkFind("eth1"));
        Assert.Equal(7, container.IpLink("eth1").GetProperty("linkinfo").GetProperty("info_data").GetProperty("id").GetInt32());
        Assert.Equal("hello across namespaces", await Traffic.EchoAsync(container.Ns, peer.Ns, IPAddress.Parse("10.81.7.2")));
    }
}
