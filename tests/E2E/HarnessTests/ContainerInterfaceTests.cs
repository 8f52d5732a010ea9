using System.Net.NetworkInformation;
using Conlink.Config.Model;
using Conlink.E2E.Harness;

namespace Conlink.E2E.HarnessTests;

public sealed class ContainerInterfaceTests
{
    // `ip -j -d addr show` in a namespace with a veth eth0 (10.0.0.1/24, mtu 9000, up) and its
    // peer eth1 (down), trimmed of fields the parser does not read; eth0 also has an IPv6 address.
    private const string IpJson = """
        [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK"],"mtu":65536,"qdisc":"noop","operstate":"DOWN",
          "link_type":"loopback","address":"00:00:00:00:00:00","addr_info":[]},
         {"ifindex":2,"link":"eth0","ifname":"eth1","flags":["BROADCAST","MULTICAST"],"mtu":1500,
          "operstate":"DOWN","link_type":"ether","address":"2e:c0:67:60:c7:ca","linkinfo":{"info_kind":"veth"},
          "addr_info":[]},
         {"ifindex":3,"link":"eth1","ifname":"eth0","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP","M-DOWN"],
          "mtu":9000,"master":"s1","operstate":"LOWERLAYERDOWN","link_type":"ether","address":"02:00:0a:00:00:01",
          "linkinfo":{"info_kind":"veth"},
          "addr_info":[{"family":"inet","local":"10.0.0.1","prefixlen":24,"scope":"global","label":"eth0"},
                       {"family":"inet6","local":"fe80::1","prefixlen":64,"scope":"link"}]}]
        """;

    [Fact]
    public void Every_interface_in_ip_json_output_is_read()
    {
        var interfaces = ContainerInterface.ParseIpJson(IpJson);

        Assert.Equal(["lo", "eth1", "eth0"], interfaces.Select(i => i.Name));
    }

    [Fact]
    public void An_interface_keeps_its_kind_mac_mtu_state_ipv4_addresses_and_bridge()
    {
        var eth0 = ContainerInterface.ParseIpJson(IpJson).Single(i => i.Name == "eth0");

        Assert.Equal("veth", eth0.Kind);
        Assert.Equal(PhysicalAddress.Parse("02:00:0a:00:00:01"), eth0.Mac);
        Assert.Equal(9000, eth0.Mtu);
        Assert.True(eth0.IsUp);
        Assert.Equal([CidrAddress.Parse("10.0.0.1/24")], eth0.Ipv4Addresses);
        Assert.Equal("s1", eth0.Master);
    }

    [Fact]
    public void Loopback_has_no_kind_and_a_down_interface_is_not_up()
    {
        var interfaces = ContainerInterface.ParseIpJson(IpJson);

        Assert.Equal("", interfaces.Single(i => i.Name == "lo").Kind);
        Assert.False(interfaces.Single(i => i.Name == "eth1").IsUp);
        Assert.Null(interfaces.Single(i => i.Name == "eth1").Master);
    }

    [Fact]
    public void An_interface_keeps_its_index_and_flags_and_says_when_it_has_no_carrier()
    {
        var interfaces = ContainerInterface.ParseIpJson(IpJson);
        var eth0 = interfaces.Single(i => i.Name == "eth0");

        Assert.Equal(3, eth0.Index);
        Assert.Contains("M-DOWN", eth0.Flags);
        Assert.True(eth0.HasNoCarrier);
        Assert.False(interfaces.Single(i => i.Name == "eth1").HasNoCarrier);
    }
}
