using Conlink.Utils.Mdc;

namespace Conlink.Utils.Tests.Mdc;

public class MdcSettingsTests
{
    [Fact]
    public void Defaults_apply_when_variables_are_unset_or_empty()
    {
        var expected = new MdcSettings(["./modes"], ".env", "./.files", ["docker", "compose"], Verbose: false);

        AssertSettings(expected, FromEnvironment(new()));
        AssertSettings(expected, FromEnvironment(new()
        {
            ["MODES_DIR"] = "", ["ENV_FILE"] = "", ["MDC_FILES_DIR"] = "", ["DOCKER_COMPOSE"] = "", ["VERBOSE"] = "",
        }));
    }

    [Fact]
    public void Variables_override_the_defaults()
    {
        var settings = FromEnvironment(new()
        {
            ["MODES_DIR"] = "a,b:c",
            ["ENV_FILE"] = "out/.env",
            ["MDC_FILES_DIR"] = "out/files",
            ["DOCKER_COMPOSE"] = "docker-compose  --ansi never",
            ["VERBOSE"] = "1",
        });

        AssertSettings(new MdcSettings(["a", "b", "c"], "out/.env", "out/files", ["docker-compose", "--ansi", "never"], Verbose: true), settings);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("./")]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("project/.")]
    [InlineData("project/..")]
    public void A_files_directory_that_would_wipe_a_whole_tree_is_refused(string filesDirectory)
    {
        var error = Assert.Throws<ToolError>(() => FromEnvironment(new() { ["MDC_FILES_DIR"] = filesDirectory }));

        Assert.Contains("MDC_FILES_DIR must not be", error.Message, StringComparison.Ordinal);
    }

    private static MdcSettings FromEnvironment(Dictionary<string, string> variables) =>
        MdcSettings.FromEnvironment(variables.GetValueOrDefault);

    private static void AssertSettings(MdcSettings expected, MdcSettings actual)
    {
        Assert.Equal(expected.ModeDirectories, actual.ModeDirectories);
        Assert.Equal(expected.DockerCompose, actual.DockerCompose);
        Assert.Equal(expected with { ModeDirectories = [], DockerCompose = [] }, actual with { ModeDirectories = [], DockerCompose = [] });
    }
}
