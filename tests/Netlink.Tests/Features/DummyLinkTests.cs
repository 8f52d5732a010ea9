using System.Net.NetworkInformation;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Features;

[Trait("Category", "KernelFeature")]
public sealed class DummyLinkTests
{
    [SkippableFact]
    public void A_dummy_is_created_up_with_its_mac_and_mtu_holds_an_address_and_is_deleted()
    {
        KernelFeature.RequireLinkType("dummy", "dummy");
        using var ns = ScratchNamespace.Create();

        ns.Handle.LinkAdd(new LinkDummy("d0") { Mac = PhysicalAddress.Parse("02-00-00-00-d0-01"), Mtu = 9000, Up = true });
        ns.Handle.AddrAdd("d0", InterfaceAddress.Parse("10.80.0.1/24"));

        var link = ns.Handle.LinkGet("d0");
        Assert.Equal(("dummy", 9000, "02000000D001", true), (link.Kind, link.Mtu, link.Mac!.ToString(), link.IsUp));
        var ip = ns.IpLink("d0");
        Assert.Equal("dummy", ip.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal(("02:00:00:00:d0:01", 9000), (ip.GetProperty("address").GetString(), ip.GetProperty("mtu").GetInt32()));
        Assert.Contains("UP", ip.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var address = ns.Ip("addr", "show", "dev", "d0")[0].GetProperty("addr_info").EnumerateArray().Single(a => a.GetProperty("family").GetString() == "inet");
        Assert.Equal(("10.80.0.1", 24), (address.GetProperty("local").GetString(), address.GetProperty("prefixlen").GetInt32()));

        ns.Handle.LinkDel("d0");

        Assert.Null(ns.Handle.LinkFind("d0"));
        Assert.Equal(["lo"], ns.Ip("link", "show").EnumerateArray().Select(l => l.GetProperty("ifname").GetString()));
    }

    [SkippableFact]
    public void A_dummy_is_created_from_one_namespace_straight_into_another()
    {
        KernelFeature.RequireLinkType("dummy", "dummy");
        using var host = ScratchNamespace.Create();
        using var container = ScratchNamespace.Create();

        host.Handle.LinkAdd(new LinkDummy("d1") { Namespace = container.Ns, Mtu = 1400 });

        Assert.Null(host.Handle.LinkFind("d1"));
        Assert.Equal(("dummy", 1400), (container.Handle.LinkGet("d1").Kind, container.IpLink("d1").GetProperty("mtu").GetInt32()));
    }
}
