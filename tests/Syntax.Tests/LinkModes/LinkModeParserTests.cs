using Conlink.Syntax.LinkModes;

namespace Conlink.Syntax.Tests.LinkModes;

/// <summary>The one grammar of a link's mode: what ip link takes, in lower case.</summary>
public sealed class LinkModeParserTests
{
    [Theory]
    [InlineData("private", MacvlanMode.Private)]
    [InlineData("vepa", MacvlanMode.Vepa)]
    [InlineData("bridge", MacvlanMode.Bridge)]
    [InlineData("passthru", MacvlanMode.Passthru)]
    [InlineData("source", MacvlanMode.Source)]
    public void Every_macvlan_mode_reads_as_ip_link_spells_it_and_writes_back_the_same(string text, MacvlanMode mode)
    {
        var parsed = LinkModeParser.ParseMacvlan(text);

        Assert.Equal(new MacvlanLinkMode(mode), parsed);
        Assert.Equal(text, parsed!.ToString());
    }

    [Theory]
    [InlineData("l2", IpvlanMode.L2, IpvlanFlags.Bridge)]
    [InlineData("l3", IpvlanMode.L3, IpvlanFlags.Bridge)]
    [InlineData("l3s", IpvlanMode.L3S, IpvlanFlags.Bridge)]
    [InlineData("l2 private", IpvlanMode.L2, IpvlanFlags.Private)]
    [InlineData("l3  vepa", IpvlanMode.L3, IpvlanFlags.Vepa)]
    [InlineData("l3s bridge", IpvlanMode.L3S, IpvlanFlags.Bridge)]
    public void An_ipvlan_mode_may_carry_a_flag(string text, IpvlanMode mode, IpvlanFlags flags) =>
        Assert.Equal(new IpvlanLinkMode(mode, flags), LinkModeParser.ParseIpvlan(text));

    [Theory]
    [InlineData("Bridge")]
    [InlineData("BRIDGE")]
    [InlineData("l2")]
    [InlineData("bridge vepa")]
    [InlineData("")]
    public void Anything_else_is_no_macvlan_mode_case_included(string text) => Assert.Null(LinkModeParser.ParseMacvlan(text));

    [Theory]
    [InlineData("L2")]
    [InlineData("private")]
    [InlineData("l2 private vepa")]
    [InlineData("l2 l3")]
    [InlineData("l4")]
    [InlineData("")]
    public void Anything_else_is_no_ipvlan_mode_case_included(string text) => Assert.Null(LinkModeParser.ParseIpvlan(text));

    [Fact]
    public void The_mode_values_are_the_kernels()
    {
        Assert.Equal((1u, 2u, 4u, 8u, 16u), ((uint)MacvlanMode.Private, (uint)MacvlanMode.Vepa, (uint)MacvlanMode.Bridge,
            (uint)MacvlanMode.Passthru, (uint)MacvlanMode.Source));
        Assert.Equal((0, 1, 2), ((int)IpvlanMode.L2, (int)IpvlanMode.L3, (int)IpvlanMode.L3S));
        Assert.Equal((0, 1, 2), ((int)IpvlanFlags.Bridge, (int)IpvlanFlags.Private, (int)IpvlanFlags.Vepa));
    }
}
