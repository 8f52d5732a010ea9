using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Validation;

/// <summary>
/// What used to pass validation and then break when a container started: generated outer-dev
/// names that clash, replicas whose offsets overflow, values no host or tool can take.
/// </summary>
public class RunTimeBreakageValidationTests
{
    [Fact]
    public void A_generated_outer_dev_that_clashes_with_another_link_names_both_links()
    {
        // Service s replica 1 dev x-y and container s_1-x dev y both become s_1-x-y.
        const string yaml = "links:\n  - {service: s, dev: x-y, bridge: s1}\n  - {container: s_1-x, bridge: s1, dev: y}\n";

        ErrorAssert.Network(yaml, ("y}", "links[1].dev",
            $"outer-dev 's_1-x-y' of container 's_1-x' dev y is also the outer-dev of service 's' dev x-y (at net.yaml:{TestConfig.At(yaml, "x-y")}); set a distinct outer-dev on one of them"));
    }

    [Fact]
    public void A_written_outer_dev_that_takes_a_generated_name_is_rejected()
    {
        const string yaml = "links:\n  - {container: a, bridge: s1}\n  - {container: b, bridge: s1, outer-dev: a-eth0}\n";

        ErrorAssert.Network(yaml, ("a-eth0}", "links[1].outer-dev",
            $"outer-dev 'a-eth0' of container 'b' dev eth0 is also the outer-dev of container 'a' dev eth0 (at net.yaml:{TestConfig.At(yaml, "{container: a")}); set a distinct outer-dev on one of them"));
    }

    [Fact]
    public void A_generated_outer_dev_cannot_be_the_name_of_a_bridge_or_a_tunnel()
    {
        const string yaml = "links:\n  - {container: br, dev: x, bridge: s1}\n  - {container: vxlan, dev: '7', bridge: br-x}\n"
            + "tunnels:\n  - {type: vxlan, bridge: s1, remote: 192.168.7.2, vni: 7}\n";

        ErrorAssert.Network(yaml,
            ("x, bridge", "links[0].dev", "outer-dev 'br-x' of container 'br' dev x is also the name of a bridge"),
            ("'7'", "links[1].dev", "outer-dev 'vxlan-7' of container 'vxlan' dev 7 is also the name of a tunnel"));
    }

    [Fact]
    public void A_later_replica_whose_outer_dev_clashes_is_found_when_compose_gives_the_replica_count()
    {
        // Replica 2 of service web with outer-dev w becomes w_2, which container c already has.
        const string yaml = "services:\n  web:\n    scale: 2\n    x-network:\n      links: [{bridge: s1, outer-dev: w}]\n"
            + "x-network:\n  links: [{container: c, bridge: s1, outer-dev: w_2}]\n";

        var error = Assert.Single(TestConfig.ComposeErrors(yaml));

        Assert.Equal($"compose.yaml:{TestConfig.At(yaml, "w}")}: services.web.x-network.links[0].outer-dev: outer-dev 'w_2' of replica 2 of service 'web' dev eth0 "
            + $"is also the outer-dev of container 'c' dev eth0 (at compose.yaml:{TestConfig.At(yaml, "w_2")}); set a distinct outer-dev on one of them", error);
    }

    [Fact]
    public void Without_a_replica_count_only_the_first_replica_is_checked()
    {
        const string yaml = "services:\n  web:\n    x-network:\n      links: [{bridge: s1, outer-dev: w}]\n"
            + "x-network:\n  links: [{container: c, bridge: s1, outer-dev: w_2}]\n";

        var config = TestConfig.Compose(yaml);

        Assert.Single(config.Services);
        Assert.Single(config.Containers);
    }

    [Fact]
    public void Replicas_whose_ip_mac_or_forward_port_overflow_are_rejected_naming_the_replica()
    {
        const string yaml = "services:\n  web:\n    deploy: {replicas: 6}\n    x-network:\n      links:\n"
            + "        - {bridge: s1, ip: 10.0.0.250/24, mac: 02:ff:ff:ff:ff:fd, forward: ['65533:80/tcp']}\n";
        var errors = TestConfig.ComposeErrors(yaml);

        Assert.Equal(
        [
            $"compose.yaml:{TestConfig.At(yaml, "10.0.0.250")}: services.web.x-network.links[0].ip: service 'web' has 6 replicas: for replica 6, ip 10.0.0.250/24 plus replica offset 5 is 10.0.0.255/24, which cannot be a host address: it is the broadcast address of 10.0.0.0/24",
            $"compose.yaml:{TestConfig.At(yaml, "02:ff")}: services.web.x-network.links[0].mac: service 'web' has 6 replicas: for replica 4, mac 02:ff:ff:ff:ff:fd plus replica offset 3 is not a usable unicast MAC address",
            $"compose.yaml:{TestConfig.At(yaml, "'65533")}: services.web.x-network.links[0].forward[0]: service 'web' has 6 replicas: for replica 6, forward 65533:80/tcp plus replica offset 5 needs port 65538, above 65535",
        ], errors);
    }

    [Fact]
    public void A_replica_ip_past_the_subnet_is_rejected()
    {
        const string yaml = "services:\n  web:\n    scale: '${N:-3}'\n    x-network:\n      links: [{bridge: s1, ip: 10.0.0.2/31}]\n";

        var error = Assert.Single(TestConfig.ComposeErrors(yaml));

        Assert.EndsWith("links[0].ip: service 'web' has 3 replicas: for replica 3, ip 10.0.0.2/31 plus replica offset 2 leaves the subnet 10.0.0.2/31", error);
    }

    [Fact]
    public void Replicas_that_stay_in_range_load()
    {
        const string yaml = "services:\n  web:\n    scale: 5\n    x-network:\n      links: [{bridge: s1, ip: 10.0.0.250/24, mac: 02:00:00:00:00:01, forward: ['8080:80/tcp']}]\n";

        Assert.Single(TestConfig.Compose(yaml).Services);
    }

    [Fact]
    public void A_huge_scale_does_not_make_validation_slow()
    {
        const string yaml = "services:\n  web:\n    scale: 2000000000\n    x-network:\n      links: [{bridge: s1}]\n";

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Single(TestConfig.Compose(yaml).Services);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"validation took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("' '")]
    [InlineData("['-K rx off', '  ']")]
    public void A_blank_ethtool_entry_is_rejected(string ethtool)
    {
        var yaml = $"links: [{{service: a, bridge: s1, ethtool: {ethtool}}}]\n";
        var at = ethtool.StartsWith('[') ? "'  '" : ethtool;

        ErrorAssert.Network(yaml, (at, ethtool.StartsWith('[') ? "links[0].ethtool[1]" : "links[0].ethtool", "an ethtool entry must not be empty or only whitespace"));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("bridge")]
    [InlineData("outer-dev")]
    public void A_name_that_starts_with_a_dash_is_rejected(string key)
    {
        var yaml = key == "bridge" ? "links: [{container: a, bridge: --all}]\n" : $"links: [{{container: a, bridge: s1, {key}: --all}}]\n";

        ErrorAssert.Network(yaml, ("--all", $"links[0].{key}", "'--all' starts with '-', which tools such as ovs-vsctl and ethtool would take for an option"));
    }

    [Fact]
    public void A_bridge_entry_that_starts_with_a_dash_is_rejected()
    {
        const string yaml = "links: [{container: a, bridge: s1}]\nbridges: [{bridge: -s2}]\n";

        ErrorAssert.Network(yaml, ("-s2", "bridges[0].bridge", "'-s2' starts with '-', which tools such as ovs-vsctl and ethtool would take for an option"));
    }

    [Theory]
    [InlineData("0.0.0.0/0", "0.0.0.0 means 'any address'")]
    [InlineData("0.0.0.0/24", "0.0.0.0 means 'any address'")]
    [InlineData("10.0.0.0/24", "it is the network address of 10.0.0.0/24")]
    [InlineData("10.0.0.255/24", "it is the broadcast address of 10.0.0.0/24")]
    [InlineData("10.0.0.4/30", "it is the network address of 10.0.0.4/30")]
    [InlineData("10.0.0.7/30", "it is the broadcast address of 10.0.0.4/30")]
    [InlineData("127.0.0.2/8", "it is a loopback address (127.0.0.0/8)")]
    [InlineData("224.0.0.5/24", "it is a multicast address (224.0.0.0/4)")]
    [InlineData("255.255.255.255/32", "255.255.255.255 is the broadcast address")]
    public void An_ip_no_host_can_have_is_rejected(string ip, string reason)
    {
        ErrorAssert.Network($"links: [{{service: a, bridge: s1, ip: {ip}}}]\n", (ip, "links[0].ip", $"'{ip}' cannot be a host address: {reason}"));
    }

    [Theory]
    [InlineData("10.0.0.0/31")]
    [InlineData("10.0.0.1/31")]
    [InlineData("10.0.0.0/32")]
    [InlineData("10.0.0.1/0")]
    public void Point_to_point_and_host_prefixes_take_any_address(string ip)
    {
        Assert.Equal(ip, TestConfig.Network($"links: [{{service: a, bridge: s1, ip: {ip}}}]\n").SingleLink().Ips.Single().ToString());
    }

    [Fact]
    public void Nat_to_any_address_is_rejected()
    {
        const string yaml = "links: [{service: a, bridge: s1, ip: 10.0.0.1/24, nat: 0.0.0.0}]\n";

        ErrorAssert.Network(yaml, ("0.0.0.0", "links[0].nat", "'0.0.0.0' cannot be a NAT address: 0.0.0.0 means 'any address'"));
    }

    [Fact]
    public void A_multicast_tunnel_remote_is_rejected()
    {
        const string yaml = "links: [{service: a, bridge: s1}]\ntunnels: [{type: vxlan, bridge: s1, remote: 239.1.1.1, vni: 5}]\n";

        ErrorAssert.Network(yaml, ("239.1.1.1", "tunnels[0].remote", "'239.1.1.1' cannot be a tunnel's remote: it is a multicast address (224.0.0.0/4)"));
    }

    [Theory]
    [InlineData("::/64", ":: means 'any address'")]
    [InlineData("::1/128", "it is the loopback address ::1")]
    [InlineData("ff05::2/64", "it is a multicast address (ff00::/8)")]
    [InlineData("fe80::5/64", "it is link-local (fe80::/10), which the kernel makes on every link; give a global or unique local address (such as fd00::1/64)")]
    [InlineData("::ffff:10.0.0.1/120", "it is IPv4-mapped (::ffff:0:0/96); write the IPv4 address itself")]
    public void An_ipv6_address_no_host_can_have_is_rejected(string ip, string reason)
    {
        ErrorAssert.Network($"links: [{{service: a, bridge: s1, ip: '{ip}'}}]\n", ($"'{ip}'", "links[0].ip", $"'{ip}' cannot be a host address: {reason}"));
    }

    [Theory]
    [InlineData("'::'", "'::' cannot be a NAT address: :: means 'any address'")]
    [InlineData("'::1'", "'::1' cannot be a NAT address: it is the loopback address ::1")]
    [InlineData("'ff02::1'", "'ff02::1' cannot be a NAT address: it is a multicast address (ff00::/8)")]
    public void Nat_to_an_ipv6_address_no_host_has_is_rejected(string nat, string message)
    {
        var yaml = $"links: [{{service: a, bridge: s1, ip: 'fd00::2/64', nat: {nat}}}]\n";

        ErrorAssert.Network(yaml, (nat, "links[0].nat", message));
    }

    [Theory]
    [InlineData("'::'", "'::' cannot be a tunnel's remote: :: means 'any address'")]
    [InlineData("'::1'", "'::1' cannot be a tunnel's remote: it is the loopback address ::1")]
    [InlineData("'ff0e::5'", "'ff0e::5' cannot be a tunnel's remote: it is a multicast address (ff00::/8)")]
    public void An_ipv6_tunnel_remote_no_host_has_is_rejected(string remote, string message)
    {
        var yaml = $"links: [{{service: a, bridge: s1}}]\ntunnels: [{{type: vxlan, bridge: s1, remote: {remote}, vni: 5}}]\n";

        ErrorAssert.Network(yaml, (remote, "tunnels[0].remote", message));
    }

    [Fact]
    public void A_replica_ipv6_address_that_would_become_ipv4_mapped_is_rejected_naming_the_replica()
    {
        var yaml = "services:\n  web:\n    scale: 3\n    x-network:\n      links:\n        - {bridge: s1, ip: '::fffe:ffff:ffff/64'}\n";

        var error = Assert.Single(TestConfig.ComposeErrors(yaml));
        Assert.EndsWith("links[0].ip: service 'web' has 3 replicas: for replica 3, ip ::fffe:ffff:ffff/64 plus replica offset 2 is ::ffff:0:1/64, "
            + "which cannot be a host address: it is IPv4-mapped (::ffff:0:0/96); write the IPv4 address itself", error);
    }
}
