using System.Net;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Features;

[Trait("Category", "KernelFeature")]
public sealed class IpvlanLinkTests
{
    public static TheoryData<string, IpvlanMode, IpvlanFlags> KindsModesAndFlags()
    {
        var data = new TheoryData<string, IpvlanMode, IpvlanFlags>();
        foreach (var kind in new[] { "ipvlan", "ipvtap" })
            foreach (var mode in Enum.GetValues<IpvlanMode>())
                foreach (var flags in Enum.GetValues<IpvlanFlags>())
                    data.Add(kind, mode, flags);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(KindsModesAndFlags))]
    public void Each_mode_and_flag_is_read_back_with_the_parents_mac_and_the_mtu_given(string kind, IpvlanMode mode, IpvlanFlags flags)
    {
        KernelFeature.RequireLinkType(kind, kind);
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("parent0", new VethPeer("parent1")) { Mtu = 1400 });
        var parent = ns.Handle.LinkGet("parent0");
        var definition = new LinkIpvlan("iv0", parent.Index) { Mode = mode, Flags = flags, Mtu = 1300 };

        ns.Handle.LinkAdd(kind == "ipvtap" ? new LinkIpvtap("iv0", parent.Index) { Mode = mode, Flags = flags, Mtu = 1300 } : definition);
        ns.Handle.AddrAdd("iv0", InterfaceAddress.Parse("10.82.0.1/24"));

        var link = ns.Handle.LinkGet("iv0");
        Assert.Equal((kind, parent.Index, parent.Mac, 1300), (link.Kind, link.ParentIndex, link.Mac, link.Mtu));
        var info = ns.IpLink("iv0").GetProperty("linkinfo");
        var data = info.GetProperty("info_data");
        Assert.Equal(kind, info.GetProperty("info_kind").GetString());
        Assert.Equal(mode.ToString().ToLowerInvariant(), data.GetProperty("mode").GetString());
        Assert.Equal(flags == IpvlanFlags.Private, data.TryGetProperty("private", out var isPrivate) && isPrivate.GetBoolean());
        Assert.Equal(flags == IpvlanFlags.Vepa, data.TryGetProperty("vepa", out var isVepa) && isVepa.GetBoolean());
    }

    [SkippableTheory]
    [InlineData(IpvlanMode.L2)]
    [InlineData(IpvlanMode.L3)]
    public async Task Two_ipvlans_of_one_parent_made_straight_into_two_containers_reach_each_other(IpvlanMode mode)
    {
        KernelFeature.RequireLinkType("ipvlan", "ipvlan");
        using var host = ScratchNamespace.Create();
        using var a = ScratchNamespace.Create();
        using var b = ScratchNamespace.Create();
        host.Handle.LinkAdd(new LinkVeth("parent0", new VethPeer("parent1")) { Up = true });
        host.Handle.LinkSetUp("parent1");
        var parent = host.Handle.ResolveIndex("parent0");
        foreach (var (container, address) in new[] { (a, "10.83.0.1/24"), (b, "10.83.0.2/24") })
        {
            host.Handle.LinkAdd(new LinkIpvlan("eth0", parent) { Mode = mode, Namespace = container.Ns });
            container.Handle.LinkSetUp("eth0");
            container.Handle.AddrAdd("eth0", InterfaceAddress.Parse(address));
        }

        Assert.Equal("hello across namespaces", await Traffic.EchoAsync(a.Ns, b.Ns, IPAddress.Parse("10.83.0.2")));
    }
}
