using System.Text.Json;
using System.Text.Json.Nodes;
using Conlink.Config.Interpolation;
using Conlink.Config.Loading;
using Conlink.Config.Merging;
using Conlink.Config.Model;
using Conlink.Config.Tests.Support;
using Conlink.Config.Validation;
using Json.Schema;

namespace Conlink.Config.Tests.Schema;

/// <summary>schema/x-network.schema.json describes exactly what the validator accepts.</summary>
public class SchemaSyncTests
{
    private static readonly string SchemaText = File.ReadAllText(RepositoryPaths.Of("schema", "x-network.schema.json"));
    private static readonly JsonObject SchemaJson = JsonNode.Parse(SchemaText)!.AsObject();
    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaText);

    private static JsonObject Definition(string name) => SchemaJson["$defs"]![name]!.AsObject();

    private static IEnumerable<string> PropertiesOf(JsonObject schema) => schema["properties"]!.AsObject().Select(p => p.Key);

    private static IEnumerable<string?> EnumOf(string definition) => Definition(definition)["enum"]!.AsArray().Select(v => (string?)v);

    /// <summary>The merged, interpolated configuration of a network file, as the schema sees it.</summary>
    private static JsonElement Merged(string yaml)
    {
        var merged = ConfigMerger.Merge([Nodes.Mapping(yaml)])!;
        var interpolated = NodeInterpolator.Interpolate(merged, _ => null, new List<ConfigError>());
        return JsonSerializer.SerializeToElement(NodeJson.From(interpolated));
    }

    private static bool SchemaAccepts(string yaml) => Schema.Evaluate(Merged(yaml), new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;

    private static bool ValidatorAccepts(string yaml)
    {
        try
        {
            TestConfig.Network(yaml);
            return true;
        }
        catch (ConfigException)
        {
            return false;
        }
    }

    [Fact]
    public void Every_key_the_validator_accepts_is_in_the_schema_and_no_other()
    {
        Assert.Equal(ConfigKeys.TopLevel.Order(), PropertiesOf(SchemaJson).Order());
        Assert.Equal(ConfigKeys.Link.Order(), PropertiesOf(Definition("link")).Order());
        Assert.Equal(ConfigKeys.Bridge.Order(), PropertiesOf(Definition("bridge")).Order());
        Assert.Equal(ConfigKeys.Tunnel.Order(), PropertiesOf(Definition("tunnel")).Order());
        Assert.Equal(ConfigKeys.Command.Order(), PropertiesOf(Definition("command")).Order());
    }

    [Fact]
    public void Enums_equal_the_model_enums()
    {
        Assert.Equal(EnumNames.Of<LinkType>().Order(), EnumOf("linkType").Order());
        Assert.Equal(EnumNames.Of<BridgeMode>().Order(), EnumOf("bridgeMode").Order());
        Assert.Equal(EnumNames.Of<TunnelType>().Order(), EnumOf("tunnelType").Order());
    }

    [Fact]
    public void Macvlan_modes_equal_the_validators()
    {
        var macvlanRule = Definition("link")["allOf"]!.AsArray()
            .Single(rule => rule!["if"]!["properties"]!["type"]!["enum"]?.AsArray().Any(t => (string?)t == "macvlan") == true)!;

        Assert.Equal(Syntax.LinkModes.LinkModeParser.MacvlanNames, macvlanRule["then"]!["properties"]!["mode"]!["enum"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public void Every_key_is_documented()
    {
        var undocumented = SchemaJson["$defs"]!.AsObject()
            .SelectMany(d => d.Value!["properties"]?.AsObject().Select(p => (Owner: d.Key, p.Key, p.Value)) ?? [])
            .Where(p => p.Value!["description"] is null && p.Value["$ref"] is null)
            .Select(p => $"{p.Owner}.{p.Key}");

        Assert.Empty(undocumented);
    }

    [Theory]
    [InlineData("links: [{service: a, bridge: s1}]")]
    [InlineData("links: [{container: a, bridge: s1, dev: e1, outer-dev: o1, ip: 10.0.0.1/24, mac: 02:00:00:00:00:01, mtu: 1500, nat: 10.0.0.2}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: 10.0.0.1/24, route: default via 10.0.0.254, forward: [80:80/tcp], netem: delay 1ms, ethtool: [-K rx off]}]")]
    [InlineData("links: [{service: a, type: dummy, dev: d0, ip: 10.0.0.1/24}]")]
    [InlineData("links: [{service: a, type: vlan, outer-dev: eth0, vlanid: 5}]")]
    [InlineData("links: [{service: a, type: macvlan, outer-dev: eth0, mode: bridge}]")]
    [InlineData("links: [{service: a, type: ipvtap, outer-dev: eth0, mode: l2 private}]")]
    [InlineData("links: [{service: a, type: veth, bridge: s1}]\nbridges: [{bridge: s1, mode: patch}]")]
    [InlineData("links: []\ntunnels: [{type: geneve, bridge: s1, remote: 10.9.0.1, vni: 1001, netem: delay 5ms}]")]
    [InlineData("links: []\ncommands: [{service: a, command: ls -l}, {container: b, command: [ls, -l]}]")]
    [InlineData("links: [{service: a, bridge: s1}, {service: a, bridge: s1, mtu: 9000}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: 'fd00::1/64'}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: [10.0.0.1/24, 'fd00:1::1/64', 10.0.1.1/24], nat: 'fd00:9::1', route: ['default via fd00:1::ff']}]")]
    [InlineData("links: []\ntunnels: [{type: vxlan, bridge: s1, remote: 'fd00:77::2', vni: 1001}]")]
    public void The_schema_accepts_what_the_validator_accepts(string yaml)
    {
        Assert.True(ValidatorAccepts(yaml), "validator");
        Assert.True(SchemaAccepts(yaml), "schema");
    }

    [Theory]
    [InlineData("bridges: []")]
    [InlineData("links: []\nextra: 1")]
    [InlineData("links: [{bridge: s1}]")]
    [InlineData("links: [{service: a, container: b, bridge: s1}]")]
    [InlineData("links: [{service: a}]")]
    [InlineData("links: [{service: a, type: veth}]")]
    [InlineData("links: [{service: a, bridge: s1, foo: 1}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: 10.0.0.300/24}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: 10.0.0.1/33}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: 010.0.0.1/24}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: 'fd00::1/129'}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: 'fd00::1'}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: 'fe80::1/64'}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: 'fd00::zz/64'}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: []}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: [10.0.0.1/24, 10.0.0.1/24]}]")]
    [InlineData("links: [{service: a, bridge: s1, mac: 01:00:00:00:00:01}]")]
    [InlineData("links: [{service: a, bridge: s1, mac: 00:00:00:00:00:00}]")]
    [InlineData("links: [{service: a, bridge: s1, mtu: 40}]")]
    [InlineData("links: [{service: a, bridge: s1, mtu: '1500'}]")]
    [InlineData("links: [{service: a, bridge: s1, dev: a-name-over-15ch}]")]
    [InlineData("links: [{service: a, bridge: s1, dev: \"a;b\"}]")]
    [InlineData("links: [{service: a, bridge: s1, nat: 10.0.0.1}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: 10.0.0.1/24, forward: 80:80}]")]
    [InlineData("links: [{service: a, bridge: s1, ip: 10.0.0.1/24, forward: 0:80/tcp}]")]
    [InlineData("links: [{service: a, bridge: s1, forward: 80:80/tcp}]")]
    [InlineData("links: [{service: a, bridge: s1, mode: bridge}]")]
    [InlineData("links: [{service: a, bridge: s1, vlanid: 5}]")]
    [InlineData("links: [{service: a, type: dummy, bridge: s1}]")]
    [InlineData("links: [{service: a, type: dummy, outer-dev: d0}]")]
    [InlineData("links: [{service: a, type: dummy, ip: 10.0.0.1/24, forward: 80:80/tcp}]")]
    [InlineData("links: [{service: a, type: vlan, outer-dev: eth0}]")]
    [InlineData("links: [{service: a, type: vlan, vlanid: 5}]")]
    [InlineData("links: [{service: a, type: vlan, outer-dev: eth0, vlanid: 5000}]")]
    [InlineData("links: [{service: a, type: vlan, outer-dev: eth0, vlanid: 5, mode: bridge}]")]
    [InlineData("links: [{service: a, type: macvlan, outer-dev: eth0, vlanid: 5}]")]
    [InlineData("links: [{service: a, type: macvlan, outer-dev: eth0, mode: l2}]")]
    [InlineData("links: [{service: a, type: macvlan}]")]
    [InlineData("links: [{service: a, type: ipvlan, outer-dev: eth0, mode: bridge}]")]
    [InlineData("links: [{service: a, type: ipvlan, outer-dev: eth0, mac: 02:00:00:00:00:01}]")]
    [InlineData("links: [{service: a, type: tap}]")]
    [InlineData("links: [{service: a, bridge: s1, route: \"\"}]")]
    [InlineData("links: [{service: a, bridge: s1, route: [5]}]")]
    [InlineData("links: []\nbridges: [{mode: linux}]")]
    [InlineData("links: []\nbridges: [{bridge: s1, mode: fast}]")]
    [InlineData("links: []\nbridges: [{bridge: s1, extra: 1}]")]
    [InlineData("links: []\ntunnels: [{type: vxlan, bridge: s1, remote: 10.9.0.1}]")]
    [InlineData("links: []\ntunnels: [{type: gre, bridge: s1, remote: 10.9.0.1, vni: 1}]")]
    [InlineData("links: []\ntunnels: [{type: vxlan, bridge: s1, remote: 10.9.0.1, vni: 16777216}]")]
    [InlineData("links: []\ncommands: [{service: a}]")]
    [InlineData("links: []\ncommands: [{command: ls}]")]
    [InlineData("links: []\ncommands: [{service: a, command: []}]")]
    [InlineData("links: []\ncommands: [{service: a, command: ls, user: root}]")]
    public void The_schema_rejects_what_the_validator_rejects(string yaml)
    {
        Assert.False(ValidatorAccepts(yaml), "validator");
        Assert.False(SchemaAccepts(yaml), "schema");
    }

    [Fact]
    public void Every_example_validates_against_the_schema_once_merged()
    {
        var examples = Directory.GetFiles(RepositoryPaths.Of("examples"), "*.yaml", SearchOption.AllDirectories);
        foreach (var file in examples)
        {
            var errors = new List<ConfigError>();
            var kind = Path.GetFileName(file) == "network.yaml" ? ConfigDocumentKind.Network : ConfigDocumentKind.Compose;
            var fragments = FragmentExtractor.Extract(kind, YamlReader.Read(file, File.ReadAllText(file), errors), errors).ToList();
            if (fragments.Count == 0) continue;
            var merged = ConfigMerger.Merge(fragments)!;
            if (!merged.Contains("links")) merged = merged.With("links", new SequenceNode([], merged.Location), merged.Location);
            var json = JsonSerializer.SerializeToElement(NodeJson.From(NodeInterpolator.Interpolate(merged, ExampleEnvironment.Lookup, errors)));

            Assert.Empty(errors);
            Assert.True(Schema.Evaluate(json).IsValid, $"{file} does not match the schema");
        }
    }
}
