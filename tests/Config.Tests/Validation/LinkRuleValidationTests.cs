using Conlink.Config.Model;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Validation;

/// <summary>Rules that tie link keys together: owners, types, bridges, modes, VLANs, forwards.</summary>
public class LinkRuleValidationTests
{
    [Fact]
    public void A_link_needs_a_service_or_a_container()
    {
        const string yaml = "links: [{bridge: s1}]\n";
        ErrorAssert.Network(yaml, ("{bridge", "links[0]", "exactly one of 'service' or 'container' must be set"));
    }

    [Fact]
    public void A_link_cannot_have_both_a_service_and_a_container()
    {
        const string yaml = "links: [{service: a, container: b, bridge: s1}]\n";
        ErrorAssert.Network(yaml, ("{service", "links[0]", "exactly one of 'service' or 'container' must be set"));
    }

    [Fact]
    public void A_link_under_a_service_that_names_a_container_is_rejected()
    {
        const string yaml = "services:\n  a:\n    x-network:\n      links:\n        - {container: c1, bridge: s1}\n";
        Assert.Equal(
            [$"compose.yaml:{TestConfig.At(yaml, "{container")}: services.a.x-network.links[0]: exactly one of 'service' or 'container' must be set"],
            TestConfig.ComposeErrors(yaml));
    }

    [Fact]
    public void Unknown_keys_are_rejected_at_the_key()
    {
        const string yaml = "links: [{service: a, bridge: s1, brigde: s2, base: host}]\n";
        const string keys = "type, service, container, bridge, outer-dev, dev, ip, mac, mtu, nat, mode, vlanid, route, forward, netem, ethtool";
        ErrorAssert.Network(yaml,
            ("brigde", "links[0].brigde", $"unknown key 'brigde' (expected one of: {keys})"),
            ("base", "links[0].base", $"unknown key 'base' (expected one of: {keys})"));
    }

    [Fact]
    public void A_link_must_be_a_mapping()
    {
        const string yaml = "links: [a]\n";
        ErrorAssert.Network(yaml, ("a]", "links[0]", "must be a mapping, not a string"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("type: veth, ")]
    public void A_veth_link_needs_a_bridge(string type)
    {
        var yaml = $"links: [{{{type}service: a}}]\n";
        ErrorAssert.Network(yaml, ("{", "links[0]", "'bridge' is required for type veth"));
    }

    [Fact]
    public void Only_veth_links_take_a_bridge()
    {
        const string yaml = "links: [{service: a, type: dummy, bridge: s1}]\n";
        ErrorAssert.Network(yaml, ("s1", "links[0].bridge", "'bridge' is only valid for type veth"));
    }

    [Theory]
    [InlineData("macvlan")]
    [InlineData("macvtap")]
    [InlineData("ipvlan")]
    [InlineData("ipvtap")]
    public void Host_parent_types_need_an_outer_dev(string type)
    {
        var yaml = $"links: [{{service: a, type: {type}}}]\n";
        ErrorAssert.Network(yaml, ("{", "links[0]", $"'outer-dev' (the host interface to attach to) is required for type {type}"));
    }

    [Fact]
    public void A_vlan_link_needs_an_outer_dev_and_a_vlanid()
    {
        const string yaml = "links: [{service: a, type: vlan}]\n";
        ErrorAssert.Network(yaml,
            ("{", "links[0]", "'outer-dev' (the host interface to attach to) is required for type vlan"),
            ("{", "links[0]", "'vlanid' is required for type vlan"));
    }

    [Fact]
    public void A_dummy_link_has_no_outer_dev()
    {
        const string yaml = "links: [{service: a, type: dummy, outer-dev: d0}]\n";
        ErrorAssert.Network(yaml, ("d0", "links[0].outer-dev", "'outer-dev' is not valid for type dummy"));
    }

    [Theory]
    [InlineData("veth", ", bridge: s1")]
    [InlineData("dummy", "")]
    [InlineData("vlan", ", outer-dev: eth0, vlanid: 5")]
    public void Mode_is_only_for_macvlan_macvtap_ipvlan_and_ipvtap(string type, string rest)
    {
        var yaml = $"links: [{{service: a, type: {type}{rest}, mode: bridge}}]\n";
        var expected = type == "vlan"
            ? ("{", "links[0]", "'mode' and 'vlanid' cannot be used together")
            : ("bridge}", "links[0].mode", "'mode' is only valid for types macvlan, macvtap, ipvlan and ipvtap");
        ErrorAssert.Network(yaml, expected);
    }

    [Fact]
    public void Mode_and_vlanid_cannot_be_used_together()
    {
        const string yaml = "links: [{service: a, type: macvlan, outer-dev: eth0, mode: bridge, vlanid: 5}]\n";
        ErrorAssert.Network(yaml, ("{", "links[0]", "'mode' and 'vlanid' cannot be used together"));
    }

    [Fact]
    public void Vlanid_is_only_for_vlan_links()
    {
        const string yaml = "links: [{service: a, type: macvlan, outer-dev: eth0, vlanid: 5}]\n";
        ErrorAssert.Network(yaml, ("5}", "links[0].vlanid", "'vlanid' is only valid for type vlan"));
    }

    [Fact]
    public void A_macvlan_mode_must_be_one_the_kernel_knows()
    {
        const string yaml = "links: [{service: a, type: macvtap, outer-dev: eth0, mode: l2}]\n";
        ErrorAssert.Network(yaml, ("l2", "links[0].mode", "'l2' is not a macvtap mode (expected one of: private, vepa, bridge, passthru, source)"));
    }

    [Fact]
    public void An_ipvlan_mode_must_be_one_the_kernel_knows()
    {
        const string yaml = "links: [{service: a, type: ipvlan, outer-dev: eth0, mode: fast}]\n";
        ErrorAssert.Network(yaml, ("fast}", "links[0].mode",
            "'fast' is not a ipvlan mode (expected one of: l2, l3, l3s, optionally followed by bridge, private, vepa)"));
    }

    [Theory]
    [InlineData("ipvlan", "bridge", "'bridge' is not a ipvlan mode: ipvlan modes are l2, l3, l3s, and bridge, private, vepa are flags that follow the mode (did you mean 'mode: l2 bridge'?)")]
    [InlineData("ipvtap", "private", "'private' is not a ipvtap mode: ipvtap modes are l2, l3, l3s, and bridge, private, vepa are flags that follow the mode (did you mean 'mode: l2 private'?)")]
    [InlineData("ipvlan", "vepa l3", "'vepa l3' is not a ipvlan mode: ipvlan modes are l2, l3, l3s, and bridge, private, vepa are flags that follow the mode (did you mean 'mode: l3 vepa'?)")]
    public void An_ipvlan_flag_given_as_its_mode_is_explained_with_the_fix(string type, string mode, string message)
    {
        // upstream's examples/net2dot.yaml says `mode: bridge` for an ipvlan; iproute2 rejects that too
        var yaml = $"links: [{{service: a, type: {type}, outer-dev: eth0, mode: {mode}}}]\n";
        ErrorAssert.Network(yaml, (mode + "}", "links[0].mode", message));
    }

    [Theory]
    [InlineData("macvlan", "passthru")]
    [InlineData("ipvtap", "l3s")]
    [InlineData("ipvlan", "l2 private")]
    public void Known_modes_are_accepted(string type, string mode)
    {
        var link = TestConfig.Network($"links: [{{service: a, type: {type}, outer-dev: eth0, mode: {mode}}}]\n").SingleLink();

        Assert.Equal(mode, link.Mode!.Text);
    }

    [Fact]
    public void Ipvlan_links_take_no_mac()
    {
        const string yaml = "links: [{service: a, type: ipvlan, outer-dev: eth0, mac: 02:00:00:00:00:01}]\n";
        ErrorAssert.Network(yaml, ("02:", "links[0].mac", "'mac' is not valid for type ipvlan (it shares its parent's MAC address)"));
    }

    [Fact]
    public void Nat_needs_an_ip()
    {
        const string yaml = "links: [{service: a, bridge: s1, nat: 10.0.0.9}]\n";
        ErrorAssert.Network(yaml, ("10.0.0.9", "links[0].nat", "'nat' requires 'ip'"));
    }

    [Fact]
    public void Forward_needs_an_ip()
    {
        const string yaml = "links: [{service: a, bridge: s1, forward: 80:80/tcp}]\n";
        ErrorAssert.Network(yaml, ("80:80", "links[0].forward", "'forward' requires 'ip'"));
    }

    [Fact]
    public void Forward_is_only_for_veth_links()
    {
        const string yaml = "links: [{service: a, type: dummy, ip: 10.0.0.1/24, forward: 80:80/tcp}]\n";
        ErrorAssert.Network(yaml, ("80:80", "links[0].forward", "'forward' is only valid for type veth"));
    }

    [Fact]
    public void Forward_needs_a_bridge_that_is_not_in_patch_mode()
    {
        const string yaml = "links: [{service: a, bridge: s1, ip: 10.0.0.1/24, forward: 80:80/tcp}]\nbridges: [{bridge: s1, mode: patch}]\n";
        ErrorAssert.Network(yaml, ("80:80", "links[0].forward", "'forward' needs a bridge in mode ovs or linux, but bridge 's1' is in mode patch"));
    }

    [Fact]
    public void Forward_on_a_bridge_that_defaults_to_patch_mode_is_rejected()
    {
        const string yaml = "links: [{service: a, bridge: s1, ip: 10.0.0.1/24, forward: 80:80/tcp}]\n";
        ErrorAssert.Network(yaml, TestConfig.Options with { DefaultBridgeMode = BridgeMode.Patch },
            ("80:80", "links[0].forward", "'forward' needs a bridge in mode ovs or linux, but bridge 's1' is in mode patch"));
    }

    [Fact]
    public void Every_error_of_every_link_is_reported_at_once_in_file_order()
    {
        const string yaml = """
            links:
              - {service: a, bridge: s1, ip: 10.0.0.300/24, mtu: 9}
              - {container: b, type: vlan, outer-dev: eth0}
              - {service: c, bridge: s1, mac: 1:2:3}
            bridges: [{bridge: s1, mode: fast}]
            """;
        ErrorAssert.Network(yaml,
            ("10.0.0.300", "links[0].ip", "'10.0.0.300/24' is not an IPv4 CIDR"),
            ("9}", "links[0].mtu", "MTU 9 is out of range (68..65535)"),
            ("{container", "links[1]", "'vlanid' is required for type vlan"),
            ("1:2:3", "links[2].mac", "'1:2:3' is not a MAC address (expected six hex octets such as 02:00:00:00:00:01)"),
            ("fast", "bridges[0].mode", "'fast' is not a bridge mode (expected one of: auto, ovs, linux, patch)"));
    }

    [Fact]
    public void Errors_point_into_the_compose_file_and_service_that_holds_the_value()
    {
        const string yaml = """
            services:
              h1:
                image: alpine
                x-network:
                  links:
                    - bridge: s1
                      ip: 10.0.0.300/24
            """;
        Assert.Equal(
            ["compose.yaml:7:15: services.h1.x-network.links[0].ip: '10.0.0.300/24' is not an IPv4 CIDR"],
            TestConfig.ComposeErrors(yaml));
    }

    [Fact]
    public void A_link_fragment_may_leave_out_what_another_fragment_of_the_same_link_gives()
    {
        const string yaml = """
            services:
              node:
                x-network:
                  links: [{bridge: s1, ip: 10.0.1.1/16}]
            x-network:
              links: [{service: node, netem: delay 200ms}]
            """;

        var link = TestConfig.Compose(yaml).SingleLink();

        Assert.Equal("s1", link.Bridge!.Name);
        Assert.Equal(["delay 200ms"], link.Netem!.Lines);
    }

    [Fact]
    public void Shell_syntax_in_routes_and_netem_is_refused_at_load_time_and_in_ethtool_stays_literal_data()
    {
        ErrorAssert.Network("links: [{service: a, bridge: s1, route: \"10.0.0.0/8 via $(reboot)\", netem: \"`reboot`\"}]",
            ("\"10.0.0.0/8", "links[0].route", "not a gateway address: '$(reboot)' in '10.0.0.0/8 via $(reboot)'"),
            ("\"`reboot`", "links[0].netem", "unknown netem option: '`reboot`' in '`reboot`'"));

        var link = TestConfig.Network("links: [{service: a, bridge: s1, ethtool: \"-K x; reboot\"}]").SingleLink();
        Assert.Equal(["--offload tx off", "-K x; reboot"], link.Ethtool);
    }
}
