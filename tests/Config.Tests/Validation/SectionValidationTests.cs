using System.Net;
using Conlink.Config.Model;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Validation;

/// <summary>The top level and the bridges, tunnels and commands sections.</summary>
public class SectionValidationTests
{
    private const string Link = "links: [{service: a, bridge: s1}]\n";

    [Fact]
    public void Links_are_required()
    {
        const string yaml = "bridges: [{bridge: s1}]\n";
        ErrorAssert.Network(yaml, ("bridges", "", "'links' is required"));
    }

    [Fact]
    public void Unknown_top_level_keys_are_rejected()
    {
        const string yaml = Link + "bridge: [{bridge: s1}]\n";
        ErrorAssert.Network(yaml, ("bridge: [", "bridge", "unknown key 'bridge' (expected one of: links, bridges, tunnels, commands)"));
    }

    [Theory]
    [InlineData("links: {a: 1}\n", "net.yaml:1:8: links: must be a list, not a mapping")]
    [InlineData("links: []\nbridges: s1\n", "net.yaml:2:10: bridges: must be a list, not a string")]
    [InlineData("links: []\ntunnels:\n", "net.yaml:2:9: tunnels: must be a list, not null")]
    public void Sections_must_be_lists(string yaml, string error)
    {
        Assert.Equal([error], TestConfig.NetworkErrors(yaml));
    }

    [Fact]
    public void A_compose_file_without_any_network_config_is_an_error()
    {
        Assert.Equal(
            ["compose.yaml: no network configuration found (no x-network section and no network file content)"],
            TestConfig.ComposeErrors("services:\n  a: {image: alpine}\n"));
    }

    [Fact]
    public void A_bridge_entry_needs_a_name()
    {
        const string yaml = Link + "bridges: [{mode: linux}]\n";
        ErrorAssert.Network(yaml, ("{mode", "bridges[0]", "'bridge' (the bridge name) is required"));
    }

    [Fact]
    public void A_bridge_entry_rejects_unknown_keys_and_bad_names()
    {
        const string yaml = Link + "bridges: [{bridge: br/0, ports: 2}]\n";
        ErrorAssert.Network(yaml,
            ("br/0", "bridges[0].bridge", "'br/0' is not a valid interface name (use letters, digits, '.', '-' and '_')"),
            ("ports", "bridges[0].ports", "unknown key 'ports' (expected one of: bridge, mode, span, vni)"));
    }

    [Fact]
    public void A_tunnel_needs_type_bridge_remote_and_vni()
    {
        const string yaml = Link + "tunnels: [{netem: delay 5ms}]\n";
        ErrorAssert.Network(yaml,
            ("{netem", "tunnels[0]", "'type' is required"),
            ("{netem", "tunnels[0]", "'bridge' is required"),
            ("{netem", "tunnels[0]", "'remote' is required"),
            ("{netem", "tunnels[0]", "'vni' is required"));
    }

    [Fact]
    public void Tunnel_values_are_checked()
    {
        const string yaml = Link + "tunnels: [{type: gre, bridge: s1, remote: example.org, vni: 16777216, key: 1}]\n";
        ErrorAssert.Network(yaml,
            ("gre", "tunnels[0].type", "'gre' is not a tunnel type (expected one of: vxlan, geneve)"),
            ("example.org", "tunnels[0].remote", "'example.org' is not an IPv4 address"),
            ("16777216", "tunnels[0].vni", "VNI 16777216 is out of range (0..16777215)"),
            ("key", "tunnels[0].key", "unknown key 'key' (expected one of: type, bridge, remote, vni, netem)"));
    }

    [Fact]
    public void Two_tunnels_of_the_same_type_and_vni_are_rejected()
    {
        const string yaml = Link + "tunnels:\n  - {type: vxlan, bridge: s1, remote: 10.9.0.1, vni: 7}\n  - {type: vxlan, bridge: s2, remote: 10.9.0.2, vni: 7}\n";
        ErrorAssert.Network(yaml, ("{type: vxlan, bridge: s2", "tunnels[1]", "tunnel 'vxlan-7' is already defined (at net.yaml:3:5); type and vni must differ"));
    }

    [Fact]
    public void A_valid_tunnel_attaches_to_its_bridge_which_is_created_even_if_no_link_names_it()
    {
        var config = TestConfig.Network(Link + "tunnels: [{type: geneve, bridge: t1, remote: 10.9.0.1, vni: 1001, netem: delay 5ms}]\n");

        var tunnel = Assert.Single(config.Tunnels);
        Assert.Equal(new TunnelSpec { Type = TunnelType.Geneve, Bridge = new BridgeSpec("t1", BridgeMode.Linux), Remote = IPAddress.Parse("10.9.0.1"), Vni = 1001, Netem = tunnel.Netem }, tunnel);
        Assert.Equal(["delay 5ms"], tunnel.Netem!.Lines);
        Assert.Equal("geneve-1001", tunnel.Dev);
        Assert.Equal(["s1", "t1"], config.Bridges.Keys);
    }

    [Fact]
    public void A_command_needs_a_command_and_exactly_one_owner()
    {
        const string yaml = Link + "commands: [{service: a, container: b}, {command: ls}]\n";
        ErrorAssert.Network(yaml,
            ("{service: a, container", "commands[0]", "exactly one of 'service' or 'container' must be set"),
            ("{service: a, container", "commands[0]", "'command' is required"),
            ("{command", "commands[1]", "exactly one of 'service' or 'container' must be set"));
    }

    [Fact]
    public void A_command_is_a_string_or_a_non_empty_list_of_strings()
    {
        const string yaml = Link + "commands: [{service: a, command: []}, {service: a, command: [ls, 1]}, {service: a, command: {x: 1}}, {service: a, command: ls, user: root}]\n";
        ErrorAssert.Network(yaml,
            ("[]", "commands[0].command", "must not be an empty list"),
            ("1]", "commands[1].command[1]", "must be a string, not an integer"),
            ("{x", "commands[2].command", "must be a string or a list of strings, not a mapping"),
            ("user", "commands[3].user", "unknown key 'user' (expected one of: service, container, command)"));
    }

    [Fact]
    public void A_string_command_runs_in_a_shell_and_a_list_command_as_an_argv()
    {
        var config = TestConfig.Network(Link + "commands: [{service: a, command: echo $$HOME > /tmp/x}, {container: c, command: [touch, /tmp/y]}]\n");

        var shell = Assert.Single(config.Services["a"].Commands);
        var argv = Assert.Single(config.Containers["c"].Commands);
        Assert.Equal(["sh", "-c", "echo $HOME > /tmp/x"], shell.ToArgv());
        Assert.Equal(["touch", "/tmp/y"], argv.ToArgv());
        Assert.False(argv.IsShell);
    }
}
