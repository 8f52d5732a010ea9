using System.Text;
using Conlink.Actors.Ports;

namespace Conlink.Docker.Tests;

/// <summary>
/// A command run in a container through the engine's exec API: its stdout and stderr are read to the
/// end, the first <see cref="ExecResult.MaxOutputBytes"/> kept and the rest only counted, and a command
/// that never ends is let go when the caller cancels.
/// </summary>
public sealed class DockerRuntimeExecTests : IAsyncLifetime
{
    private const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string ExecId = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    private readonly ScriptedEngine _engine = new();
    private DockerRuntime _runtime = null!;

    public Task InitializeAsync()
    {
        _runtime = new DockerRuntime("docker", _engine.SocketPath);
        _engine.Answers[$"/containers/{Id}/exec"] = (201, $"{{\"Id\":\"{ExecId}\"}}");
        _engine.Answers[$"/exec/{ExecId}/json"] = (200, $"{{\"ID\":\"{ExecId}\",\"Running\":false,\"ExitCode\":3}}");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _runtime.Dispose();
        await _engine.DisposeAsync();
    }

    private void Prints(bool keepOpen, params (int Stream, string Text)[] frames) =>
        _engine.RawStreams[$"/exec/{ExecId}/start"] =
            (frames.SelectMany(f => ScriptedEngine.Frame(f.Stream, Encoding.UTF8.GetBytes(f.Text))).ToArray(), keepOpen);

    [Fact]
    public async Task Stdout_and_stderr_are_kept_as_lines_with_the_exit_code()
    {
        Prints(keepOpen: false, (1, "first\nsec"), (2, "ond\n"), (1, "third\n"));

        var result = await _runtime.ExecAsync(Id, ["sh", "-c", "true"], CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(["first", "second", "third"], result.Output);
        Assert.Equal(0, result.OmittedBytes);
    }

    [Fact]
    public async Task Output_past_64_KiB_is_read_to_the_end_and_counted_not_kept()
    {
        // 300 frames of 1000 bytes: "line NNN" padded to 999 characters and a newline
        var lines = Enumerable.Range(0, 300).Select(i => $"line {i:D3}".PadRight(999, '.')).ToList();
        Prints(keepOpen: false, lines.Select(l => (1, l + "\n")).ToArray());

        var result = await _runtime.ExecAsync(Id, ["yes"], CancellationToken.None);

        var kept = ExecResult.MaxOutputBytes / 1000; // whole lines within the cap; the last one is cut
        Assert.Equal(lines.Take(kept), result.Output.Take(kept));
        Assert.Equal(kept + 1, result.Output.Count);
        Assert.Equal(lines[kept][..(ExecResult.MaxOutputBytes % 1000)], result.Output[kept]);
        Assert.Equal(300 * 1000 - ExecResult.MaxOutputBytes, result.OmittedBytes);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"/exec/{ExecId}/json", _engine.Requests);
    }

    [Fact]
    public async Task A_command_that_never_ends_is_let_go_when_the_caller_cancels()
    {
        Prints(keepOpen: true, (1, "still running\n"));
        using var cancel = new CancellationTokenSource();

        var exec = _runtime.ExecAsync(Id, ["sleep", "infinity"], cancel.Token);
        await Task.Delay(200);
        Assert.False(exec.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => exec).WaitAsync(TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_engine.RawStreamsClosedByClient == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(1, _engine.RawStreamsClosedByClient);
    }
}
