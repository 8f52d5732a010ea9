using Conlink.Cli.Tests.Support;

namespace Conlink.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("conlink-cli-tests-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_valid_configuration_exits_0_with_a_one_line_summary()
    {
        var run = CliRun.Of(["validate", "--compose-file", RepositoryPaths.Of("examples", "commands", "compose.yaml")]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("valid: 3 links for 2 services and 1 container, 1 bridge, 0 tunnels, 3 commands\n", run.Out);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void An_invalid_configuration_exits_1_with_every_error_located()
    {
        var compose = Write("compose.yaml", """
            services:
              h1:
                image: alpine
                x-network:
                  links:
                    - bridge: s1
                      ip: 10.0.0.300/24
                      mtu: 10
            """);
        var network = Write("net.yaml", "links: [{container: c1, type: vlan, outer-dev: eth0}]\n");

        var run = CliRun.Of(["validate", "--compose-file", compose, "--network-file", network]);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Equal(
        [
            $"{compose}:7:15: services.h1.x-network.links[0].ip: '10.0.0.300/24' is not an IPv4 CIDR",
            $"{compose}:8:16: services.h1.x-network.links[0].mtu: MTU 10 is out of range (68..65535)",
            $"{network}:1:9: links[0]: 'vlanid' is required for type vlan",
            "conlink: 3 configuration errors",
        ], run.ErrorLines);
    }

    [Fact]
    public void Broken_yaml_is_a_located_error_without_a_stack_trace()
    {
        var broken = Write("broken.yaml", "links: [{service: a,\n");

        var run = CliRun.Of(["validate", "--network-file", broken]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"{broken}:2:1: ", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_configuration_error()
    {
        var missing = Path.Combine(_directory.FullName, "missing.yaml");

        var run = CliRun.Of(["validate", "--compose-file", missing]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal([$"{missing}: cannot read file: file not found", "conlink: 1 configuration error"], run.ErrorLines);
    }

    [Fact]
    public void File_options_repeat_and_split_on_colons()
    {
        var a = Write("a.yaml", "links: [{service: a, bridge: s1}]\n");
        var b = Write("b.yaml", "links: [{service: b, bridge: s1}]\n");
        var c = Write("c.yaml", "links: [{service: c, bridge: s1}]\n");

        var run = CliRun.Of(["validate", "--network-file", $"{a}:{b}", "--network-file", c]);

        Assert.Equal("valid: 3 links for 3 services and 0 containers, 1 bridge, 0 tunnels, 0 commands\n", run.Out);
    }

    [Fact]
    public void Validate_applies_the_default_bridge_mode_to_its_checks()
    {
        var network = Write("net.yaml", "links: [{service: a, bridge: s1, ip: 10.0.0.1/24, forward: 80:80/tcp}]\n");

        Assert.Equal(0, CliRun.Of(["validate", "--network-file", network]).ExitCode);
        var run = CliRun.Of(["validate", "--network-file", network, "--default-bridge-mode", "patch"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{network}:1:60: links[0].forward: 'forward' needs a bridge in mode ovs or linux, but bridge 's1' is in mode patch", run.ErrorLines[0]);
    }
}
