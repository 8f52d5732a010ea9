using Conlink.Utils.Wait;

namespace Conlink.Utils.Tests.Wait;

public class WaitArgumentsTests
{
    [Fact]
    public void Options_become_steps_in_the_order_given_and_the_rest_after_double_dash_is_the_command()
    {
        var plan = WaitArguments.Parse(
            ["-c", "sleep 1", "-f", "/state/file", "-i", "eth0", "-I", "eth0", "-t", "tcp:8080", "--", "echo", "wait finished"]);

        Assert.Equal<WaitStep>(
            [
                new CommandSucceeds("sleep 1"),
                new FileExists("/state/file"),
                new InterfaceExists("eth0"),
                new InterfaceHasRoute("eth0"),
                new TcpPortAccepts("tcp", 8080),
            ],
            plan.Steps);
        Assert.Equal(["echo", "wait finished"], plan.Command);
    }

    [Theory]
    [InlineData("-f", "--file")]
    [InlineData("-i", "--if")]
    [InlineData("-i", "--intf")]
    [InlineData("-I", "--ip")]
    [InlineData("-c", "--cmd")]
    [InlineData("-c", "--command")]
    [InlineData("-s", "--sleep")]
    [InlineData("-u", "--umask")]
    public void Long_options_mean_the_same_as_short_ones(string shortOption, string longOption) =>
        Assert.Equal(WaitArguments.Parse([shortOption, "7"]).Steps, WaitArguments.Parse([longOption, "7"]).Steps);

    [Fact]
    public void Sleep_and_umask_are_steps_too_so_they_apply_from_where_they_stand()
    {
        var plan = WaitArguments.Parse(["-f", "a", "-s", "0.5", "-u", "027", "-f", "b"]);

        Assert.Equal<WaitStep>(
            [
                new FileExists("a"),
                new SetRetryInterval(TimeSpan.FromMilliseconds(500)),
                new SetUmask(UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute),
                new FileExists("b"),
            ],
            plan.Steps);
    }

    [Theory]
    [InlineData("localhost:80", "localhost", 80)]
    [InlineData("10.0.0.1:65535", "10.0.0.1", 65535)]
    [InlineData("[fd00::1]:8080", "fd00::1", 8080)]
    public void Tcp_endpoint_is_host_and_port_split_at_the_last_colon(string endpoint, string host, int port) =>
        Assert.Equal(new TcpPortAccepts(host, port), Assert.Single(WaitArguments.Parse(["-t", endpoint]).Steps));

    [Theory]
    [InlineData("localhost")]
    [InlineData(":80")]
    [InlineData("host:")]
    [InlineData("host:http")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    public void Tcp_endpoint_without_a_host_and_a_valid_port_is_a_usage_error(string endpoint) =>
        AssertUsageError(["-t", endpoint], "HOST:PORT");

    [Theory]
    [InlineData("-x")]
    [InlineData("--bogus")]
    [InlineData("command-without-double-dash")]
    public void Unknown_option_is_a_usage_error_naming_it(string option) =>
        AssertUsageError(["-f", "/x", option], $"unknown option '{option}'");

    [Theory]
    [InlineData("-f")]
    [InlineData("-t")]
    public void Option_missing_its_argument_is_a_usage_error(string option)
    {
        AssertUsageError([option], $"option '{option}' needs an argument");
        AssertUsageError([option, "--", "echo"], $"option '{option}' needs an argument");
    }

    [Theory]
    [InlineData("-s", "soon", "seconds")]
    [InlineData("-s", "-1", "seconds")]
    [InlineData("-u", "0999", "octal")]
    [InlineData("-u", "12345", "octal")]
    public void Malformed_values_are_usage_errors(string option, string value, string expected) =>
        AssertUsageError([option, value], expected);

    [Fact]
    public void Every_option_is_checked_before_anything_runs()
    {
        // The unknown option comes after a wait that would never end; parsing alone must reject it.
        AssertUsageError(["-f", "/never/there", "--bogus"], "unknown option");
    }

    [Fact]
    public void No_arguments_means_nothing_to_wait_for_and_nothing_to_run()
    {
        var plan = WaitArguments.Parse([]);

        Assert.Empty(plan.Steps);
        Assert.Empty(plan.Command);
    }

    [Fact]
    public void Help_is_recognised_anywhere_before_double_dash() =>
        Assert.True(WaitArguments.Parse(["-f", "x", "--help"]).HelpRequested);

    [Fact]
    public void Arguments_after_double_dash_are_never_options()
    {
        var plan = WaitArguments.Parse(["--", "ls", "-f", "--help"]);

        Assert.False(plan.HelpRequested);
        Assert.Equal(["ls", "-f", "--help"], plan.Command);
    }

    private static void AssertUsageError(string[] args, string expectedMessagePart)
    {
        var error = Assert.Throws<ToolError>(() => WaitArguments.Parse(args));
        Assert.True(error.IsUsageError);
        Assert.Equal(2, error.ExitCode);
        Assert.Contains(expectedMessagePart, error.Message, StringComparison.Ordinal);
    }
}
