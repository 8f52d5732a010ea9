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
}
