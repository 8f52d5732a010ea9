using System.Diagnostics;
using System.Text;

namespace Conlink.Utils.Tests.Support;

/// <summary>The outcome of running a process to its end.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr, int ProcessId)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>A started process whose stderr can be watched line by line, to act when it reports something.</summary>
public sealed class ToolRun : IDisposable
{
    /// <summary>Guards against a hung process; it is never an expectation about speed.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task<string> _stdout;
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _watches = [];

    private ToolRun(ProcessStartInfo startInfo)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        _process = new Process { StartInfo = startInfo };
        _process.ErrorDataReceived += (_, line) => OnStderrLine(line.Data);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginErrorReadLine();
        _stdout = _process.StandardOutput.ReadToEndAsync();
    }

    public static ToolRun Start(ProcessStartInfo startInfo) => new(startInfo);

    public static ToolResult Run(ProcessStartInfo startInfo, TimeSpan? hangGuard = null)
    {
        using var run = Start(startInfo);
        return run.Finish(hangGuard);
    }

    /// <summary>Blocks until stderr has a line containing <paramref name="text"/> (or the process ended without one).</summary>
    public void WaitForStderr(string text)
    {
        Task seen;
        lock (_stderr)
        {
            if (_stderr.ToString().Contains(text, StringComparison.Ordinal))
                return;
            var watch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _watches.Add((line => line.Contains(text, StringComparison.Ordinal), watch));
            seen = watch.Task;
        }
        var exited = _process.WaitForExitAsync();
        if (Task.WaitAny([seen, exited], HangGuard) < 0)
            throw new TimeoutException($"no '{text}' on stderr; stderr so far:\n{_stderr}");
    }

    public ToolResult Finish(TimeSpan? hangGuard = null)
    {
        if (!_process.WaitForExit(hangGuard ?? HangGuard))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"process did not end; stderr so far:\n{_stderr}");
        }
        _process.WaitForExit();
        lock (_stderr)
            return new ToolResult(_process.ExitCode, _stdout.Result, _stderr.ToString(), _process.Id);
    }

    private void OnStderrLine(string? line)
    {
        if (line is null)
            return;
        lock (_stderr)
        {
            _stderr.Append(line).Append('\n');
            foreach (var (match, seen) in _watches.Where(watch => watch.Match(line)).ToArray())
                seen.TrySetResult();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
