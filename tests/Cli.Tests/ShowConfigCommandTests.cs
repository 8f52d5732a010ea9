using System.Text.Json.Nodes;
using Conlink.Cli.Tests.Support;

namespace Conlink.Cli.Tests;

public class ShowConfigCommandTests
{
    private static JsonNode Expected(string example) =>
        JsonNode.Parse(File.ReadAllText(RepositoryPaths.Of("tests", "Config.Tests", "Expected", $"{example}.json")))!;

    [Theory]
    [MemberData(nameof(ExampleCommands.Examples), MemberType = typeof(ExampleCommands))]
    public void The_example_conlink_command_with_show_config_prints_the_expected_json(string example)
    {
        var run = CliRun.Of([.. ExampleCommands.ServiceArguments(example), "--show-config", "--default-bridge-mode", "linux"]);

        Assert.Equal(0, run.ExitCode);
        Assert.True(JsonNode.DeepEquals(Expected(example), JsonNode.Parse(run.Out)), run.Out);
    }

    [Fact]
    public void Show_config_resolves_auto_to_linux_and_warns_once_when_openvswitch_is_not_loaded()
    {
        var run = CliRun.Of(["--show-config", "--compose-file", RepositoryPaths.Of("examples", "router", "compose.yaml")]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("linux", (string)JsonNode.Parse(run.Out)!["bridges"]!["s1"]!["mode"]!);
        Assert.Equal(["conlink: WARNING: bridge mode 'auto' uses 'linux' for s1, s2, s3: the openvswitch kernel module is not loaded"], run.ErrorLines);
    }

    [Fact]
    public void Auto_resolves_to_ovs_when_openvswitch_is_loaded()
    {
        var run = CliRun.Of(["--show-config", "--compose-file", RepositoryPaths.Of("examples", "router", "compose.yaml")], kernelModules: "openvswitch");

        Assert.Equal("ovs", (string)JsonNode.Parse(run.Out)!["bridges"]!["s1"]!["mode"]!);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void Auto_resolves_to_linux_with_one_warning_when_the_module_is_loaded_but_ovs_vsctl_is_missing()
    {
        var run = CliRun.With(["--show-config", "--compose-file", RepositoryPaths.Of("examples", "router", "compose.yaml")],
            host => host with { IsOvsVsctlInstalled = () => false }, kernelModules: "openvswitch");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("linux", (string)JsonNode.Parse(run.Out)!["bridges"]!["s1"]!["mode"]!);
        Assert.Equal(["conlink: WARNING: bridge mode 'auto' uses 'linux' for s1, s2, s3: "
            + "the openvswitch kernel module is loaded, but ovs-vsctl is not installed where conlink runs"], run.ErrorLines);
    }

    [Fact]
    public void The_default_bridge_mode_comes_from_CONLINK_BRIDGE_MODE_unless_the_flag_is_given()
    {
        string[] args = ["--show-config", "--compose-file", RepositoryPaths.Of("examples", "forward", "compose.yaml")];
        var environment = new Dictionary<string, string> { ["CONLINK_BRIDGE_MODE"] = "ovs" };

        Assert.Equal("ovs", (string)JsonNode.Parse(CliRun.Of(args, environment).Out)!["bridges"]!["s1"]!["mode"]!);
        Assert.Equal("linux", (string)JsonNode.Parse(CliRun.Of([.. args, "--default-bridge-mode", "linux"], environment).Out)!["bridges"]!["s1"]!["mode"]!);
    }

    [Fact]
    public void Interpolation_uses_the_process_environment()
    {
        var environment = new Dictionary<string, string> { ["BRIDGE_MODE"] = "patch" };

        var run = CliRun.Of(["--show-config", "--compose-file", RepositoryPaths.Of("examples", "bridge-modes", "compose.yaml")], environment);

        Assert.Equal("patch", (string)JsonNode.Parse(run.Out)!["bridges"]!["s1"]!["mode"]!);
    }

    [Fact]
    public void Keep_veth_offload_drops_the_offload_setting()
    {
        var run = CliRun.Of(["--show-config", "--keep-veth-offload", "--default-bridge-mode", "linux", "--compose-file", RepositoryPaths.Of("examples", "router", "compose.yaml")]);

        Assert.Equal("[]", JsonNode.Parse(run.Out)!["services"]!["h1"]!["links"]![0]!["ethtool"]!.ToJsonString());
    }
}
