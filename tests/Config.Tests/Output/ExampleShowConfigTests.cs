using System.Text.Json.Nodes;
using Conlink.Config.Model;
using Conlink.Config.Output;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Output;

/// <summary>
/// Every example under examples/ loads, and its --show-config output (with
/// --default-bridge-mode linux and the flags its conlink service passes) equals the JSON
/// checked in under Expected/.
/// </summary>
public class ExampleShowConfigTests
{
    private static readonly string[] MultiFileModes = ["base", "node1", "nodes2", "web"];

    private static readonly string[] ExampleNames = ["router", "scale", "multi-file", "impairment", "bridge-modes", "forward", "commands", "utils-templating", "multi-host", "cluster", "dual-stack"];

    public static TheoryData<string> Examples => new(ExampleNames);

    private static (ConfigSources Sources, ConfigLoadOptions Options) Inputs(string example)
    {
        string File(string name) => RepositoryPaths.Of("examples", example, name);
        var options = new ConfigLoadOptions { DefaultBridgeMode = BridgeMode.Linux };
        return example switch
        {
            "scale" => (new ConfigSources([File("compose.yaml")], [File("network.yaml")]), options),
            "multi-file" => (new ConfigSources(MultiFileModes.Select(m => RepositoryPaths.Of("examples", example, "modes", m, "compose.yaml")).ToList(), []), options),
            "impairment" => (new ConfigSources([File("compose.yaml")], []), options with { DefaultMtu = 5111 }),
            "multi-host" or "cluster" => (new ConfigSources([File("compose.yaml")], []), options with { Environment = ExampleEnvironment.Lookup }),
            _ => (new ConfigSources([File("compose.yaml")], []), options),
        };
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_show_config_matches_the_expected_json(string example)
    {
        var (sources, options) = Inputs(example);

        var actual = JsonNode.Parse(ShowConfigWriter.ToJson(ConfigLoader.Load(sources, options)));
        var expected = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Of("tests", "Config.Tests", "Expected", $"{example}.json")));

        Assert.True(JsonNode.DeepEquals(expected, actual), $"show-config of {example} differs from Expected/{example}.json:\n{actual}");
    }

    [Fact]
    public void Every_example_folder_is_covered()
    {
        var folders = Directory.GetDirectories(RepositoryPaths.Of("examples")).Select(Path.GetFileName).Order();

        Assert.Equal(ExampleNames.Order(), folders);
    }
}
