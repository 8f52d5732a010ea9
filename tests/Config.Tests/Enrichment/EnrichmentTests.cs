using Conlink.Config.Model;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Enrichment;

public class EnrichmentTests
{
    [Fact]
    public void A_minimal_link_gets_every_default()
    {
        var link = TestConfig.Network("links: [{service: a, bridge: s1}]").SingleLink();

        Assert.Equal(LinkType.Veth, link.Type);
        Assert.Equal(LinkBase.Conlink, link.Base);
        Assert.Equal("eth0", link.Dev);
        Assert.Equal(65535, link.Mtu);
        Assert.Equal(["--offload tx off"], link.Ethtool);
        Assert.Null(link.OuterDev);
        Assert.Equal(new BridgeSpec("s1", BridgeMode.Linux), link.Bridge);
        Assert.Matches("^c2:[0-7][0-9a-f](:[0-9a-f]{2}){4}$", MacAddresses.Format(link.Mac!));
    }

    [Fact]
    public void Veth_offload_setting_comes_first_unless_offload_is_kept()
    {
        const string yaml = "links: [{service: a, bridge: s1, ethtool: --offload rx off}]";

        Assert.Equal(["--offload tx off", "--offload rx off"], TestConfig.Network(yaml).SingleLink().Ethtool);
        Assert.Equal(["--offload rx off"], TestConfig.Network(yaml, TestConfig.Options with { KeepVethOffload = true }).SingleLink().Ethtool);
    }

    [Fact]
    public void Only_veth_links_get_the_offload_setting()
    {
        Assert.Empty(TestConfig.Network("links: [{service: a, type: dummy}]").SingleLink().Ethtool);
    }

    [Theory]
    [InlineData("type: veth, bridge: s1", 1400)]
    [InlineData("type: dummy", 1400)]
    [InlineData("type: macvlan, outer-dev: eth0", null)]
    [InlineData("type: vlan, outer-dev: eth0, vlanid: 5", null)]
    [InlineData("type: ipvtap, outer-dev: eth0", null)]
    public void The_default_mtu_applies_to_all_but_the_vlan_types(string link, int? mtu)
    {
        var options = TestConfig.Options with { DefaultMtu = 1400 };

        Assert.Equal(mtu, TestConfig.Network($"links: [{{service: a, {link}}}]", options).SingleLink().Mtu);
    }

    [Fact]
    public void A_user_mtu_is_kept_for_every_type()
    {
        Assert.Equal(9000, TestConfig.Network("links: [{service: a, type: macvlan, outer-dev: eth0, mtu: 9000}]").SingleLink().Mtu);
    }

    [Theory]
    [InlineData("veth, bridge: s1", "conlink")]
    [InlineData("dummy", "local")]
    [InlineData("vlan, outer-dev: eth0, vlanid: 5", "host")]
    [InlineData("macvlan, outer-dev: eth0", "host")]
    [InlineData("macvtap, outer-dev: eth0", "host")]
    [InlineData("ipvlan, outer-dev: eth0", "host")]
    [InlineData("ipvtap, outer-dev: eth0", "host")]
    public void The_base_follows_the_type(string type, string expectedBase)
    {
        var link = TestConfig.Network($"links: [{{service: a, type: {type}}}]").SingleLink();

        Assert.Equal(expectedBase, link.Base.ToString().ToLowerInvariant());
    }

    [Theory]
    [InlineData("ipvlan", false)]
    [InlineData("ipvtap", false)]
    [InlineData("macvlan", true)]
    [InlineData("macvtap", true)]
    public void Ipvlan_types_get_no_generated_mac(string type, bool hasMac)
    {
        var link = TestConfig.Network($"links: [{{service: a, type: {type}, outer-dev: eth0}}]").SingleLink();

        Assert.Equal(hasMac, link.Mac is not null);
    }

    [Fact]
    public void A_user_mac_is_kept()
    {
        var link = TestConfig.Network("links: [{service: a, bridge: s1, mac: 02:AA:bb:00:00:01}]").SingleLink();

        Assert.Equal("02:aa:bb:00:00:01", MacAddresses.Format(link.Mac!));
    }

    [Fact]
    public void The_same_link_gets_the_same_mac_on_every_load()
    {
        const string yaml = "links: [{service: a, bridge: s1}, {service: a, dev: eth1, bridge: s1}, {container: a, bridge: s1}]";

        var first = TestConfig.Network(yaml);
        var second = TestConfig.Network("bridges: [{bridge: s1}]\n" + yaml, TestConfig.Options with { DefaultMtu = 1500 });

        var firstMacs = first.Services["a"].Links.Concat(first.Containers["a"].Links).Select(l => MacAddresses.Format(l.Mac!)).ToList();
        var secondMacs = second.Services["a"].Links.Concat(second.Containers["a"].Links).Select(l => MacAddresses.Format(l.Mac!)).ToList();
        Assert.Equal(firstMacs, secondMacs);
        Assert.Equal(3, firstMacs.Distinct().Count());
    }

    [Fact]
    public void The_same_service_with_another_ip_gets_another_mac_so_two_hosts_sharing_a_bridge_do_not_collide()
    {
        var hostA = TestConfig.Network("links: [{service: node, bridge: s1, ip: 10.0.0.1/24}]").SingleLink();
        var hostB = TestConfig.Network("links: [{service: node, bridge: s1, ip: 10.0.0.2/24}]").SingleLink();

        Assert.NotEqual(MacAddresses.Format(hostA.Mac!), MacAddresses.Format(hostB.Mac!));
    }

    [Fact]
    public void Bridges_named_only_by_links_are_created_with_the_default_mode()
    {
        var config = TestConfig.Network("links: [{service: a, bridge: s2}, {service: b, bridge: s1}]\nbridges: [{bridge: s3, mode: patch}]",
            TestConfig.Options with { DefaultBridgeMode = BridgeMode.Ovs });

        Assert.Equal(["s3", "s2", "s1"], config.Bridges.Keys);
        Assert.Equal([BridgeMode.Patch, BridgeMode.Ovs, BridgeMode.Ovs], config.Bridges.Values.Select(b => b.Mode));
    }

    [Fact]
    public void A_later_bridge_entry_replaces_an_earlier_one()
    {
        var config = TestConfig.Network("links: [{service: a, bridge: s1}]\nbridges: [{bridge: s1, mode: ovs}, {bridge: s1, mode: patch}]");

        Assert.Equal(new BridgeSpec("s1", BridgeMode.Patch), Assert.Single(config.Bridges.Values));
        Assert.Equal(BridgeMode.Patch, config.SingleLink().Bridge!.Mode);
    }

    [Theory]
    [InlineData("Ovs")]
    [InlineData("Linux")]
    public void Auto_resolves_to_the_mode_the_caller_detected_and_says_so(string detected)
    {
        var options = TestConfig.Options with { DefaultBridgeMode = BridgeMode.Auto, AutoBridgeMode = Enum.Parse<BridgeMode>(detected) };

        var config = TestConfig.Network("links: [{service: a, bridge: s1}, {service: b, bridge: s2}]\nbridges: [{bridge: s2, mode: linux}]", options);

        Assert.Equal(new BridgeSpec("s1", Enum.Parse<BridgeMode>(detected)) { ModeWasAuto = true }, config.Bridges["s1"]);
        Assert.Equal(new BridgeSpec("s2", BridgeMode.Linux), config.Bridges["s2"]);
        Assert.Equal(config.Bridges["s1"], config.Services["a"].Links[0].Bridge);
    }

    [Fact]
    public void Auto_can_only_resolve_to_ovs_or_linux()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfigLoadOptions { AutoBridgeMode = BridgeMode.Patch });
    }

    [Fact]
    public void Links_and_commands_are_grouped_by_service_and_container_in_order()
    {
        const string yaml = """
            links:
              - {service: web, bridge: s1}
              - {container: probe, bridge: s1}
              - {service: db, bridge: s1}
              - {service: web, dev: eth1, bridge: s1}
            commands:
              - {service: db, command: ls}
              - {service: worker, command: [true]}
            """;

        var config = TestConfig.Network(yaml.Replace("[true]", "['true']", StringComparison.Ordinal));

        Assert.Equal(["web", "db", "worker"], config.Services.Keys);
        Assert.Equal(["eth0", "eth1"], config.Services["web"].Links.Select(l => l.Dev));
        Assert.Single(config.Services["db"].Commands);
        Assert.Empty(config.Services["worker"].Links);
        Assert.Equal(["probe"], config.Containers.Keys);
        Assert.Equal(NetworkConfig.Empty.Tunnels, config.Tunnels);
    }
}
