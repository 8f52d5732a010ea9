using Conlink.Cli.Tests.Support;

namespace Conlink.Cli.Tests;

public class UsageTests
{
    private static readonly string Router = RepositoryPaths.Of("examples", "router", "compose.yaml");

    [Theory]
    [InlineData("validate")]
    [InlineData("doctor")]
    [InlineData("--show-config")]
    public void No_config_file_is_a_usage_error(string command)
    {
        var run = CliRun.Of([command]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["conlink: either --compose-file or --network-file is required"], run.ErrorLines);
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error()
    {
        var run = CliRun.Of(["validate", "--compose-fil", Router]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("conlink: Unrecognized command or argument '--compose-fil'.", run.ErrorLines);
        Assert.Equal("Try 'conlink --help' for more information.", run.ErrorLines[^1]);
    }

    [Theory]
    [InlineData("--default-bridge-mode", "bridged", "conlink: --default-bridge-mode: 'bridged' is not a bridge mode (expected one of: auto, ovs, linux, patch)")]
    [InlineData("--default-mtu", "10", "conlink: --default-mtu must be an integer from 68 to 65535, not '10'")]
    [InlineData("--default-mtu", "big", "conlink: --default-mtu must be an integer from 68 to 65535, not 'big'")]
    public void A_bad_option_value_is_a_usage_error(string option, string value, string message)
    {
        var run = CliRun.Of(["validate", "--compose-file", Router, option, value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.ErrorLines[0]);
    }

    [Fact]
    public void A_bad_CONLINK_BRIDGE_MODE_is_a_usage_error()
    {
        var run = CliRun.Of(["--show-config", "--compose-file", Router], new Dictionary<string, string> { ["CONLINK_BRIDGE_MODE"] = "fast" });

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("conlink: CONLINK_BRIDGE_MODE: 'fast' is not a bridge mode (expected one of: auto, ovs, linux, patch)", run.ErrorLines[0]);
    }

    [Fact]
    public void Run_mode_without_a_reachable_container_engine_exits_1_naming_both_sockets()
    {
        var run = CliRun.Of(["--compose-file", Router, "--default-bridge-mode", "linux", "--config-schema", "/schema.yaml",
            "--docker-socket", "/nonexistent/d.sock", "--podman-socket", "/nonexistent/p.sock"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("conlink: ERROR: cannot reach Docker (/nonexistent/d.sock) or Podman (/nonexistent/p.sock)", run.ErrorLines[^1]);
    }

    [Fact]
    public void Verbose_from_VERBOSE_prints_the_network_config_before_running()
    {
        var run = CliRun.Of(["--compose-file", Router, "--default-bridge-mode", "linux",
            "--docker-socket", "/nonexistent/d.sock", "--podman-socket", "/nonexistent/p.sock"], new Dictionary<string, string> { ["VERBOSE"] = "1" });

        Assert.StartsWith("conlink: network config:\n{\n  \"bridges\"", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_mode_with_an_invalid_config_exits_1_before_running()
    {
        var run = CliRun.Of(["--network-file", RepositoryPaths.Of("examples", "scale", "compose.yaml")]);

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("not implemented", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_describes_every_option_and_its_environment_variable()
    {
        var run = CliRun.Of(["--help"]);

        Assert.Equal(0, run.ExitCode);
        foreach (var option in new[] { "--compose-file", "--network-file", "--compose-project", "--default-bridge-mode", "--default-mtu",
                     "--keep-veth-offload", "--docker-socket", "--podman-socket", "--show-config", "--verbose", "--config-schema", "validate", "doctor" })
            Assert.Contains(option, run.Out, StringComparison.Ordinal);
        Assert.Contains("[env: CONLINK_BRIDGE_MODE]", run.Out, StringComparison.Ordinal);
        Assert.Contains("[env: VERBOSE]", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Out.Split('\n'), line => line.TrimEnd().EndsWith("--", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_has_its_own_help()
    {
        var run = CliRun.Of(["validate", "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Check the network configuration", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("--show-config", run.Out, StringComparison.Ordinal);
    }
}
