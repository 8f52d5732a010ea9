using System.Net.NetworkInformation;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Links;

public sealed class VethTests
{
    [SkippableFact]
    public void Veth_peer_is_created_directly_in_another_namespace_with_its_own_name_mac_and_mtu()
    {
        using var hub = ScratchNamespace.Create();
        using var container = ScratchNamespace.Create();

        hub.Handle.LinkAdd(new LinkVeth("h1-eth0", new VethPeer("eth0")
        {
            Namespace = container.Ns,
            Mac = PhysicalAddress.Parse("c2:00:00:00:00:01"),
            Mtu = 9000,
        })
        {
            Mac = PhysicalAddress.Parse("c2:00:00:00:00:02"),
            Mtu = 9001,
            Up = true,
        });

        container.Handle.LinkSetUp("eth0");

        var outer = hub.Handle.LinkGet("h1-eth0");
        var inner = container.Handle.LinkGet("eth0");
        Assert.Equal(("veth", "C20000000002", 9001, true), (outer.Kind, outer.Mac!.ToString(), outer.Mtu, outer.IsUp));
        Assert.Equal(("veth", "C20000000001", 9000, true), (inner.Kind, inner.Mac!.ToString(), inner.Mtu, inner.IsUp));
        Assert.Null(hub.Handle.LinkFind("eth0"));

        var ipInner = container.IpLink("eth0");
        Assert.Equal("c2:00:00:00:00:01", ipInner.GetProperty("address").GetString());
        Assert.Equal(9000, ipInner.GetProperty("mtu").GetInt32());
        Assert.Contains("UP", ipInner.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("veth", ipInner.GetProperty("linkinfo").GetProperty("info_kind").GetString());
    }
}
