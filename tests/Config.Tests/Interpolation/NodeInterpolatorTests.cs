using Conlink.Config.Interpolation;
using Conlink.Config.Loading;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Interpolation;

public class NodeInterpolatorTests
{
    [Fact]
    public void Every_value_is_interpolated_but_keys_are_not()
    {
        var environment = new Dictionary<string, string> { ["B"] = "s9", ["K"] = "nope" };
        var errors = new List<ConfigError>();

        var result = NodeInterpolator.Interpolate(Nodes.Mapping("links: [{service: a, bridge: $B, route: [via-$B]}]\n$K: 1"), environment.GetValueOrDefault, errors);

        Assert.Empty(errors);
        Assert.Equal("{links:[{service:a,bridge:s9,route:[via-s9,],},],$K:1,}", Nodes.Render(result));
    }

    [Fact]
    public void An_unquoted_value_takes_the_type_of_its_interpolated_text()
    {
        var errors = new List<ConfigError>();
        var root = (MappingNode)NodeInterpolator.Interpolate(Nodes.Mapping("a: ${MTU:-1500}\nb: \"${MTU:-1500}\""), _ => null, errors);

        Assert.Equal(ScalarKind.Integer, ((ScalarNode)root["a"]!).Kind);
        Assert.Equal(ScalarKind.String, ((ScalarNode)root["b"]!).Kind);
    }

    [Fact]
    public void Failures_are_reported_at_the_value_and_all_of_them_at_once()
    {
        var errors = new List<ConfigError>();

        NodeInterpolator.Interpolate(Nodes.Mapping("a: ${X:?need X}\nb:\n  - ${Y?}", "c.yaml"), _ => null, errors);

        Assert.Equal(
            ["c.yaml:1:4: a: required variable X is missing a value: need X", "c.yaml:3:5: b[0]: required variable Y is missing a value"],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Interpolation_runs_on_the_merged_configuration_with_the_given_environment()
    {
        const string yaml = "links: [{service: a, bridge: s1}]\nbridges: [{bridge: s1, mode: \"${BRIDGE_MODE:-auto}\"}]\n";
        var environment = new Dictionary<string, string> { ["BRIDGE_MODE"] = "patch" };

        var config = TestConfig.Network(yaml, TestConfig.Options with { Environment = environment.GetValueOrDefault });

        Assert.Equal(Model.BridgeMode.Patch, config.Bridges["s1"].Mode);
    }

    [Fact]
    public void Interpolation_errors_stop_loading_with_their_positions()
    {
        const string yaml = "links: [{service: a, bridge: \"${BRIDGE:?name the bridge}\"}]\n";

        Assert.Equal(
            [$"net.yaml:{TestConfig.At(yaml, "\"${BRIDGE")}: links[0].bridge: required variable BRIDGE is missing a value: name the bridge"],
            TestConfig.NetworkErrors(yaml));
    }

    [Fact]
    public void An_interpolated_integer_followed_by_a_newline_is_a_string_and_a_located_error_not_a_crash()
    {
        const string yaml = "links: [{service: a, bridge: s1, mtu: $MTU}]\n";
        var environment = new Dictionary<string, string> { ["MTU"] = "1500\n" };

        Assert.Equal(
            $"net.yaml:{TestConfig.At(yaml, "$MTU")}: links[0].mtu: must be an integer, not a string",
            Assert.Single(TestConfig.NetworkErrors(yaml, TestConfig.Options with { Environment = environment.GetValueOrDefault })));
    }

    [Fact]
    public void A_subtree_with_nothing_to_interpolate_is_kept_as_it_is_not_copied()
    {
        var errors = new List<ConfigError>();
        var root = Nodes.Mapping("links: [{service: a, bridge: s1}]\nbridges: [{bridge: $B}]");

        var result = (MappingNode)NodeInterpolator.Interpolate(root, _ => "s2", errors);

        Assert.Same(root["links"], result["links"]);
        Assert.NotSame(root["bridges"], result["bridges"]);
        Assert.Equal("{links:[{service:a,bridge:s1,},],bridges:[{bridge:s2,},],}", Nodes.Render(result));
    }
}
