using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Validation;

/// <summary>The values of link keys: types, addresses, names and numbers.</summary>
public class LinkValueValidationTests
{
    private static void AssertLinkError(string field, string value, string path, string message)
    {
        var yaml = $"links: [{{service: a, bridge: s1, {field}: {value}}}]\n";
        ErrorAssert.Network(yaml, ($"{field}: {value}"[(field.Length + 2)..], path, message));
    }

    [Theory]
    [InlineData("10.0.0.300/24")]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.1/33")]
    [InlineData("10.0.0.1/")]
    [InlineData("010.0.0.1/24")]
    [InlineData("10.0.1/24")]
    public void Ip_without_a_colon_must_be_an_IPv4_CIDR(string ip)
    {
        AssertLinkError("ip", ip, "links[0].ip", $"'{ip}' is not an IPv4 CIDR");
    }

    [Fact]
    public void Ip_must_be_a_string_or_a_list_of_strings()
    {
        AssertLinkError("ip", "{a: 1}", "links[0].ip", "must be a string, not a mapping");
    }

    [Theory]
    [InlineData("zz:00:00:00:00:01")]
    [InlineData("02:00:00:00:01")]
    [InlineData("02-00-00-00-00-01")]
    public void Mac_must_be_six_colon_separated_hex_octets(string mac)
    {
        AssertLinkError("mac", mac, "links[0].mac", $"'{mac}' is not a MAC address (expected six hex octets such as 02:00:00:00:00:01)");
    }

    [Fact]
    public void Mac_must_not_be_multicast()
    {
        AssertLinkError("mac", "01:00:5e:00:00:01", "links[0].mac", "'01:00:5e:00:00:01' is a multicast MAC address (the first octet must be even)");
    }

    [Fact]
    public void Mac_must_not_be_all_zero()
    {
        AssertLinkError("mac", "00:00:00:00:00:00", "links[0].mac", "'00:00:00:00:00:00' is the all-zero MAC address, which no interface can take");
    }

    [Theory]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.1/24")]
    [InlineData("host.example")]
    public void Nat_must_be_an_IPv4_address(string nat)
    {
        var yaml = $"links: [{{service: a, bridge: s1, ip: 10.0.9.9/24, nat: {nat}}}]\n";
        ErrorAssert.Network(yaml, (nat, "links[0].nat", $"'{nat}' is not an IPv4 address"));
    }

    [Theory]
    [InlineData("40", "MTU 40 is out of range (68..65535)")]
    [InlineData("65536", "MTU 65536 is out of range (68..65535)")]
    [InlineData("'1500'", "must be an integer, not a string")]
    [InlineData("1500.5", "must be an integer, not a number")]
    [InlineData("true", "must be an integer, not a boolean")]
    public void Mtu_must_be_an_integer_from_68_to_65535(string mtu, string message)
    {
        AssertLinkError("mtu", mtu, "links[0].mtu", message);
    }

    [Fact]
    public void Type_must_be_a_known_link_type()
    {
        var yaml = "links: [{service: a, type: tap}]\n";
        ErrorAssert.Network(yaml, ("tap", "links[0].type", "'tap' is not a link type (expected one of: veth, dummy, vlan, ipvlan, ipvtap, macvlan, macvtap)"));
    }

    [Fact]
    public void Type_names_are_lower_case()
    {
        var yaml = "links: [{service: a, type: Dummy}]\n";
        ErrorAssert.Network(yaml, ("Dummy", "links[0].type", "'Dummy' is not a link type (expected one of: veth, dummy, vlan, ipvlan, ipvtap, macvlan, macvtap)"));
    }

    [Theory]
    [InlineData("dev", "eth0123456789abc", "'eth0123456789abc' is longer than 15 characters")]
    [InlineData("dev", "\"a;reboot\"", "'a;reboot' is not a valid interface name (use letters, digits, '.', '-' and '_')")]
    [InlineData("dev", "a/b", "'a/b' is not a valid interface name (use letters, digits, '.', '-' and '_')")]
    [InlineData("dev", "\"eth 0\"", "'eth 0' is not a valid interface name (use letters, digits, '.', '-' and '_')")]
    [InlineData("dev", "\"eth:0\"", "'eth:0' is not a valid interface name (use letters, digits, '.', '-' and '_')")]
    [InlineData("dev", "\"..\"", "'..' is not a valid interface name (use letters, digits, '.', '-' and '_')")]
    [InlineData("dev", "\"\"", "must not be empty")]
    [InlineData("outer-dev", "a-very-long-name0", "'a-very-long-name0' is longer than 15 characters")]
    [InlineData("bridge", "$(reboot)", "'$(reboot)' is not a valid interface name (use letters, digits, '.', '-' and '_')")]
    public void Interface_and_bridge_names_follow_the_kernel_rules_strictly(string field, string value, string message)
    {
        var yaml = field == "bridge" ? $"links: [{{service: a, {field}: {value}}}]\n" : $"links: [{{service: a, bridge: s1, {field}: {value}}}]\n";
        ErrorAssert.Network(yaml, (value, $"links[0].{field}", message));
    }

    [Theory]
    [InlineData("\"\"", "must not be empty")]
    [InlineData("12", "must be a string, not an integer")]
    [InlineData("~", "must be a string, not null")]
    public void Service_must_be_a_non_empty_string(string value, string message)
    {
        var yaml = $"links: [{{service: {value}, bridge: s1}}]\n";
        ErrorAssert.Network(yaml, (value, "links[0].service", message));
    }

    [Fact]
    public void Route_items_must_be_strings()
    {
        const string yaml = "links: [{service: a, bridge: s1, route: [default via 10.0.0.1, 5]}]\n";
        ErrorAssert.Network(yaml, ("5]", "links[0].route[1]", "must be a string, not an integer"));
    }

    [Fact]
    public void Route_must_be_a_string_or_a_list()
    {
        const string yaml = "links: [{service: a, bridge: s1, route: {via: x}}]\n";
        ErrorAssert.Network(yaml, ("{via", "links[0].route", "must be a string or a list of strings, not a mapping"));
    }

    [Fact]
    public void Route_netem_and_ethtool_lines_cannot_hold_control_characters()
    {
        const string yaml = "links: [{service: a, bridge: s1, route: \"x\\nip link del eth0\", netem: [\"delay\\t1ms\"], ethtool: \"\"}]\n";
        ErrorAssert.Network(yaml,
            ("\"x\\n", "links[0].route", "must not contain control characters (such as a newline)"),
            ("\"delay", "links[0].netem[0]", "must not contain control characters (such as a newline)"),
            ("\"\"}", "links[0].ethtool", "must not be empty"));
    }

    [Theory]
    [InlineData("80:80", "'80:80' is not a port forward (expected OUTER:INNER/tcp or OUTER:INNER/udp)")]
    [InlineData("80:80/sctp", "'80:80/sctp' is not a port forward (expected OUTER:INNER/tcp or OUTER:INNER/udp)")]
    [InlineData("a:80/tcp", "'a:80/tcp' is not a port forward (expected OUTER:INNER/tcp or OUTER:INNER/udp)")]
    [InlineData("0:80/tcp", "port 0 in '0:80/tcp' is out of range (1..65535)")]
    [InlineData("80:65536/udp", "port 65536 in '80:65536/udp' is out of range (1..65535)")]
    public void Forward_must_be_outer_colon_inner_slash_protocol_with_valid_ports(string forward, string message)
    {
        var yaml = $"links: [{{service: a, bridge: s1, ip: 10.0.0.1/24, forward: [\"{forward}\"]}}]\n";
        ErrorAssert.Network(yaml, ($"\"{forward}", "links[0].forward[0]", message));
    }

    [Theory]
    [InlineData("vlanid: 4095", "4095", "VLAN id 4095 is out of range (0..4094)")]
    [InlineData("vlanid: x", "x}", "must be an integer, not a string")]
    public void Vlanid_must_be_an_integer_from_0_to_4094(string setting, string at, string message)
    {
        var yaml = $"links: [{{service: a, type: vlan, outer-dev: eth0, {setting}}}]\n";
        ErrorAssert.Network(yaml, (at, "links[0].vlanid", message));
    }

    [Fact]
    public void A_route_is_parsed_at_load_time_and_a_misspelt_keyword_is_an_error_at_the_route()
    {
        const string yaml = "links: [{service: a, bridge: s1, ip: 10.0.0.1/24, route: [default via 10.0.0.2, default vai 10.0.0.2]}]\n";
        ErrorAssert.Network(yaml, ("default vai", "links[0].route[1]", "unknown route option: 'vai' in 'default vai 10.0.0.2'"));
    }

    [Fact]
    public void Netem_is_parsed_at_load_time_and_a_bad_time_is_an_error_at_the_entry_that_holds_it()
    {
        ErrorAssert.Network("links: [{service: a, bridge: s1, netem: delay 10xx}]\n",
            ("delay 10xx", "links[0].netem", "not a time (such as 10ms): '10xx' in 'delay 10xx'"));
        ErrorAssert.Network("links: [{service: a, bridge: s1, netem: [loss 5%, delay 10xx]}]\n",
            ("delay 10xx", "links[0].netem[1]", "not a time (such as 10ms): '10xx' in 'loss 5% delay 10xx'"));
    }

    [Fact]
    public void Netem_entries_join_into_one_qdisc_so_a_later_entry_may_continue_an_earlier_one()
    {
        var link = TestConfig.Network("links: [{service: a, bridge: s1, netem: [delay 10ms, 2ms, loss 1%]}]\n").SingleLink();

        Assert.Equal((TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(2)), (link.Netem!.Spec.Delay, link.Netem.Spec.Jitter));
        Assert.Equal(["delay 10ms", "2ms", "loss 1%"], link.Netem.Lines);
    }

    [Fact]
    public void A_tunnels_netem_is_parsed_at_load_time_too()
    {
        ErrorAssert.Network("links: [{service: a, bridge: s1}]\ntunnels: [{type: vxlan, bridge: s1, remote: 10.9.0.1, vni: 1, netem: rate 10 parsecs}]\n",
            ("rate 10", "tunnels[0].netem", "unknown netem option: 'parsecs' in 'rate 10 parsecs'"));
    }

    [Theory]
    [InlineData("macvlan", "Bridge", "'Bridge' is not a macvlan mode (expected one of: private, vepa, bridge, passthru, source)")]
    [InlineData("ipvlan", "L2", "'L2' is not a ipvlan mode (expected one of: l2, l3, l3s, optionally followed by bridge, private, vepa)")]
    [InlineData("ipvlan", "l2 private vepa", "'l2 private vepa' is not a ipvlan mode (expected one of: l2, l3, l3s, optionally followed by bridge, private, vepa)")]
    public void Modes_are_lower_case_as_ip_link_spells_them(string type, string mode, string message)
    {
        var yaml = $"links: [{{service: a, type: {type}, outer-dev: eth0, mode: {mode}}}]\n";
        ErrorAssert.Network(yaml, (mode, "links[0].mode", message));
    }
}
