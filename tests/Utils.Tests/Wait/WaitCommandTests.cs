using System.Net;
using System.Net.Sockets;
using Conlink.Utils.Tests.Support;

namespace Conlink.Utils.Tests.Wait;

/// <summary>The wait command as a whole, run as a process, in each of its builds (managed, static, sh).</summary>
public sealed class WaitCommandTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void Unknown_option_prints_usage_exits_2_and_runs_nothing(string build)
    {
        var result = Run(build, ["-f", "/", "--bogus", "--", "echo", "ran"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown option '--bogus'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage: wait", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void Option_without_its_argument_exits_2(string build)
    {
        var result = Run(build, ["-i", "--", "echo", "ran"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("option '-i' needs an argument", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void Waits_for_a_file_created_later_then_runs_the_command_with_its_arguments_intact(string build)
    {
        var flag = _temp.Join("ready");
        using var run = Start(build, ["-s", "0.1", "-f", flag, "--", "echo", "hello  world", "second"]);

        run.WaitForStderr($"waiting for file '{flag}' to exist");
        File.WriteAllText(flag, "");
        var result = run.Finish();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello  world second\n", result.Stdout);
        Assert.Contains($"file '{flag}' exists", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void Waits_for_a_tcp_listener_that_starts_later(string build)
    {
        var port = FreeLoopbackPort();
        using var run = Start(build, ["-s", "0.1", "-t", $"127.0.0.1:{port}", "--", "echo", "connected"]);

        run.WaitForStderr("waiting for TCP listener");
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var result = run.Finish();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("connected\n", result.Stdout);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void Conditions_that_hold_are_passed_in_the_order_given(string build)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = Run(build, ["-c", "true", "-i", "lo", "-f", _temp.Path, "-t", $"localhost:{port}"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "wait: command successful: true",
                "wait: interface 'lo' exists",
                $"wait: file '{_temp.Path}' exists",
                $"wait: TCP listener is reachable at 'localhost:{port}'",
            ],
            result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void Interface_with_a_route_passes_the_ip_condition(string build)
    {
        var routed = File.ReadLines("/proc/net/route").Skip(1).Select(line => line.Split('\t')[0]).FirstOrDefault();
        Skip.If(routed is null, "this machine has no IPv4 route in its main table");

        var result = Run(build, ["-I", routed!]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"interface '{routed}' has IP/routing", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void The_command_replaces_wait_keeping_its_process_id(string build)
    {
        var result = Run(build, ["--", "sh", "-c", "echo $$"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{result.ProcessId}\n", result.Stdout);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void The_umask_option_is_inherited_by_the_command(string build)
    {
        var result = Run(build, ["-u", "027", "--", "sh", "-c", "umask"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0027\n", result.Stdout);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void A_command_that_does_not_exist_exits_1_with_a_clear_message(string build)
    {
        var result = Run(build, ["-f", "/", "--", "no-such-command-here", "arg"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("command not found: no-such-command-here", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void Without_a_command_wait_exits_0_once_everything_holds(string build)
    {
        var result = Run(build, ["-f", "/"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stdout);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void A_malformed_wait_sleep_variable_exits_2(string build)
    {
        var startInfo = UtilityBuild.Require(build).StartInfo("wait", ["-f", "/"]);
        startInfo.Environment["WAIT_SLEEP"] = "soon";

        var result = ToolRun.Run(startInfo);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("WAIT_SLEEP", result.Stderr, StringComparison.Ordinal);
    }

    private static ToolResult Run(string build, string[] args) =>
        ToolRun.Run(UtilityBuild.Require(build).StartInfo("wait", args));

    private static ToolRun Start(string build, string[] args) =>
        ToolRun.Start(UtilityBuild.Require(build).StartInfo("wait", args));

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose() => _temp.Dispose();
}
