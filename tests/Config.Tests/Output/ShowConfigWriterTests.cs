using System.Text.Json.Nodes;
using Conlink.Config.Output;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Output;

/// <summary>The output has the original conlink's --show-config shape.</summary>
public class ShowConfigWriterTests
{
    private static JsonObject ShowConfig(string yaml) => JsonNode.Parse(ShowConfigWriter.ToJson(TestConfig.Network(yaml)))!.AsObject();

    private static JsonObject OnlyLink(JsonObject config, string owner = "a", string kind = "services") =>
        Assert.Single(config[kind]![owner]!["links"]!.AsArray())!.AsObject();

    [Fact]
    public void The_top_level_is_bridges_tunnels_containers_services_with_null_tunnels_when_there_are_none()
    {
        var config = ShowConfig("links: [{service: a, bridge: s1}]");

        Assert.Equal(["bridges", "tunnels", "containers", "services"], config.Select(p => p.Key));
        Assert.Null(config["tunnels"]);
        Assert.Empty(config["containers"]!.AsObject());
        Assert.Equal("""{"s1":{"bridge":"s1","mode":"linux"}}""", config["bridges"]!.ToJsonString());
    }

    [Fact]
    public void A_veth_link_has_the_keys_of_the_original_with_the_bridge_as_an_object()
    {
        var link = OnlyLink(ShowConfig("links: [{service: a, bridge: s1, ip: 10.0.0.1/24, route: default via 10.0.0.254}]"));

        Assert.Equal(
            new[] { "base", "bridge", "dev", "ethtool", "ip", "mac", "mtu", "route", "service", "type" },
            link.Select(p => p.Key).Order());
        Assert.Equal("""{"bridge":"s1","mode":"linux"}""", link["bridge"]!.ToJsonString());
        Assert.Equal("""["default via 10.0.0.254"]""", link["route"]!.ToJsonString());
        Assert.Equal("""["--offload tx off"]""", link["ethtool"]!.ToJsonString());
        Assert.Equal(("conlink", "veth", "eth0", 65535), ((string)link["base"]!, (string)link["type"]!, (string)link["dev"]!, (int)link["mtu"]!));
    }

    [Fact]
    public void A_dummy_link_has_an_empty_ethtool_list_and_no_bridge()
    {
        var link = OnlyLink(ShowConfig("links: [{service: a, type: dummy, dev: i0, ip: 10.0.100.100/24}]"));

        Assert.Equal(new[] { "base", "dev", "ethtool", "ip", "mac", "mtu", "service", "type" }, link.Select(p => p.Key).Order());
        Assert.Equal("[]", link["ethtool"]!.ToJsonString());
        Assert.Equal("local", (string)link["base"]!);
    }

    [Fact]
    public void Forwards_print_as_outer_inner_protocol_triples()
    {
        var link = OnlyLink(ShowConfig("links: [{service: a, bridge: s1, ip: 10.0.0.1/24, forward: [1080:80/tcp, 53:5353/udp]}]"));

        Assert.Equal("""[[1080,80,"tcp"],[53,5353,"udp"]]""", link["forward"]!.ToJsonString());
    }

    [Fact]
    public void Optional_values_print_when_set()
    {
        const string yaml = "links: [{container: c, type: vlan, outer-dev: eth9, vlanid: 5, ip: 10.0.0.1/24, nat: 10.0.0.2, netem: delay 5ms}, {container: c, dev: e1, type: macvlan, outer-dev: eth9, mode: bridge}]";

        var links = ShowConfig(yaml)["containers"]!["c"]!["links"]!.AsArray();

        var vlan = links[0]!.AsObject();
        Assert.Equal(("eth9", 5, "10.0.0.2", "host"), ((string)vlan["outer-dev"]!, (int)vlan["vlanid"]!, (string)vlan["nat"]!, (string)vlan["base"]!));
        Assert.Equal("""["delay 5ms"]""", vlan["netem"]!.ToJsonString());
        Assert.False(vlan.ContainsKey("mtu"));
        Assert.Equal("bridge", (string)links[1]!["mode"]!);
    }

    [Fact]
    public void Commands_print_as_written_a_string_or_a_list()
    {
        var config = ShowConfig("links: [{service: a, bridge: s1}]\ncommands: [{service: a, command: ls -l}, {service: a, command: [ls, -l]}]");

        Assert.Equal("""[{"service":"a","command":"ls -l"},{"service":"a","command":["ls","-l"]}]""", config["services"]!["a"]!["commands"]!.ToJsonString());
    }

    [Fact]
    public void Tunnels_print_with_their_bridge_name_as_the_original_does()
    {
        var config = ShowConfig("links: [{service: a, bridge: s1}]\ntunnels: [{type: vxlan, bridge: s1, remote: 10.9.0.1, vni: 42}]");

        Assert.Equal("""[{"type":"vxlan","bridge":"s1","remote":"10.9.0.1","vni":42}]""", config["tunnels"]!.ToJsonString());
    }

    [Fact]
    public void Output_is_indented_json()
    {
        var text = ShowConfigWriter.ToJson(TestConfig.Network("links: [{service: a, bridge: s1}]"));

        Assert.StartsWith("{\n  \"bridges\": {\n    \"s1\": {", text, StringComparison.Ordinal);
    }
}
