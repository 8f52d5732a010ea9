using Conlink.E2E.Harness;

namespace Conlink.E2E.HarnessTests;

public sealed class CommandTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_command_s_output_and_exit_code_are_captured()
    {
        var result = await Command.RunAsync("sh", ["-c", "echo out; echo err >&2; exit 3"], Generous);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task A_failed_command_s_exception_shows_the_command_and_its_output()
    {
        var result = await Command.RunAsync("sh", ["-c", "echo why it failed >&2; exit 1"], Generous);

        var failure = Assert.Throws<CommandFailedException>(() => result.EnsureSuccess());

        Assert.Contains("sh -c 'echo why it failed >&2; exit 1'", failure.Message);
        Assert.Contains("why it failed", failure.Message);
    }

    [Fact]
    public async Task A_pipe_carries_the_writer_s_bytes_unchanged_into_the_reader()
    {
        var (writer, reader) = await Command.PipeAsync("printf", ["a\\000\\377b"], "od", ["-An", "-tx1"], Generous);

        Assert.Equal(0, writer.ExitCode);
        Assert.Equal(0, reader.ExitCode);
        Assert.Equal("61 00 ff 62", reader.Stdout.Trim());
    }

    [Fact]
    public async Task The_environment_given_reaches_the_command()
    {
        var result = await Command.RunAsync("sh", ["-c", "echo $NODE_IMAGE"], Generous,
            new Dictionary<string, string> { ["NODE_IMAGE"] = "local/busybox" });

        Assert.Equal("local/busybox\n", result.Stdout);
    }

    [Fact]
    public async Task A_command_that_outlives_its_time_limit_is_stopped_and_reported()
    {
        var timeout = await Assert.ThrowsAsync<TimeoutException>(
            () => Command.RunAsync("sleep", ["600"], TimeSpan.FromMilliseconds(200)));

        Assert.Contains("sleep 600", timeout.Message);
    }
}
