using System.Net.NetworkInformation;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Features;

/// <summary>macvtap in each mode (this machine's kernel has macvtap, so these run everywhere).</summary>
[Trait("Category", "KernelFeature")]
public sealed class MacvtapLinkTests
{
    [SkippableTheory]
    [InlineData(MacvlanMode.Private, "private")]
    [InlineData(MacvlanMode.Vepa, "vepa")]
    [InlineData(MacvlanMode.Bridge, "bridge")]
    [InlineData(MacvlanMode.Passthru, "passthru")]
    [InlineData(MacvlanMode.Source, "source")]
    public void A_macvtap_made_straight_into_a_container_has_its_mode_mac_and_mtu(MacvlanMode mode, string expected)
    {
        KernelFeature.RequireLinkType("macvtap", "macvtap");
        using var host = ScratchNamespace.Create();
        using var container = ScratchNamespace.Create();
        host.Handle.LinkAdd(new LinkVeth("parent0", new VethPeer("parent1")) { Mtu = 1400 });
        var mac = PhysicalAddress.Parse("02-00-00-00-0a-01");

        host.Handle.LinkAdd(new LinkMacvtap("tap0", host.Handle.ResolveIndex("parent0")) { Mode = mode, Mac = mac, Mtu = 1400, Namespace = container.Ns });

        Assert.Null(host.Handle.LinkFind("tap0"));
        var ip = container.IpLink("tap0");
        var info = ip.GetProperty("linkinfo");
        Assert.Equal(("macvtap", expected), (info.GetProperty("info_kind").GetString(), info.GetProperty("info_data").GetProperty("mode").GetString()));
        Assert.Equal(1400, ip.GetProperty("mtu").GetInt32());
        // passthru takes over the parent's MAC
        if (mode != MacvlanMode.Passthru) Assert.Equal("02:00:00:00:0a:01", ip.GetProperty("address").GetString());
    }
}
