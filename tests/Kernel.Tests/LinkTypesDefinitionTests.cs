using System.Net.NetworkInformation;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Kernel;
using Conlink.Kernel.Links;
using Conlink.Netlink.Links;
using Conlink.Netlink.Namespaces;
using Conlink.Syntax.LinkModes;

namespace Conlink.Kernel.Tests;

/// <summary>
/// What the driver asks the kernel for when it makes a host-parent link; the bytes of each
/// definition are checked against iproute2's in the netlink library's golden tests.
/// </summary>
public sealed class LinkTypesDefinitionTests
{
    private static readonly Link Parent = new() { Index = 7, Name = "parent0", Mtu = 1400 };
    private static readonly PhysicalAddress Mac = PhysicalAddress.Parse("c2-00-00-00-00-01");
    private static readonly NetNs Container = NetNs.Current();

    [Theory]
    [InlineData(LinkType.Ipvlan)]
    [InlineData(LinkType.Ipvtap)]
    public void Ipvlan_and_ipvtap_links_get_no_mac_of_their_own(LinkType type)
    {
        var definition = Definition(Plan(type) with { Mac = Mac });

        Assert.Null(definition.Mac);
        Assert.Equal(type.ToString().ToLowerInvariant(), definition.Kind);
    }

    [Theory]
    [InlineData(LinkType.Macvlan)]
    [InlineData(LinkType.Macvtap)]
    [InlineData(LinkType.Vlan)]
    public void Other_host_parent_links_get_their_planned_mac(LinkType type) =>
        Assert.Equal(Mac, Definition(Plan(type) with { Mac = Mac }).Mac);

    [Theory]
    [InlineData(null, 1400)]
    [InlineData(1300, 1300)]
    [InlineData(9000, 1400)]
    public void The_mtu_is_the_planned_one_or_the_parents_and_never_above_the_parents(int? planned, int expected) =>
        Assert.Equal(expected, Definition(Plan(LinkType.Macvlan) with { Mtu = planned }).Mtu);

    [Fact]
    public void A_link_is_made_on_its_parent_directly_in_the_container_namespace()
    {
        var definition = HostChildLink.Definition(Plan(LinkType.Vlan) with { VlanId = 5 }, "cltmp0", Parent, Container);

        var vlan = Assert.IsType<LinkVlan>(definition);
        Assert.Equal((7, (ushort)5, "cltmp0"), (vlan.ParentIndex, vlan.VlanId, vlan.Name));
        Assert.Same(Container, vlan.Namespace);
    }

    [Theory]
    [InlineData("bridge", MacvlanMode.Bridge)]
    [InlineData("vepa", MacvlanMode.Vepa)]
    [InlineData("private", MacvlanMode.Private)]
    [InlineData("passthru", MacvlanMode.Passthru)]
    public void A_macvlan_mode_is_passed_as_ip_link_spells_it(string mode, MacvlanMode expected) =>
        Assert.Equal(expected, Assert.IsType<LinkMacvlan>(Definition(Plan(LinkType.Macvlan) with { Mode = new Parsed<LinkMode>(mode, LinkModeParser.ParseMacvlan(mode)!) })).Mode);

    [Theory]
    [InlineData("l3s", IpvlanMode.L3S, IpvlanFlags.Bridge)]
    [InlineData("l2 private", IpvlanMode.L2, IpvlanFlags.Private)]
    public void An_ipvlan_mode_may_carry_a_flag(string mode, IpvlanMode expected, IpvlanFlags flags)
    {
        var ipvlan = Assert.IsType<LinkIpvlan>(Definition(Plan(LinkType.Ipvlan) with { Mode = new Parsed<LinkMode>(mode, LinkModeParser.ParseIpvlan(mode)!) }));

        Assert.Equal((expected, flags), (ipvlan.Mode, ipvlan.Flags));
    }

    private static LinkDefinition Definition(LinkPlan plan) => HostChildLink.Definition(plan, "cltmp0", Parent, Container);

    private static LinkPlan Plan(LinkType type) => new()
    {
        Id = "node_1:eth0", Type = type, Base = LinkBase.Host, Dev = "eth0", OuterDev = "parent0", VlanId = type == LinkType.Vlan ? 5 : null,
    };
}
