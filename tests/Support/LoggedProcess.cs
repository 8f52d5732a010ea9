using System.Diagnostics;

namespace Conlink.Testing;

/// <summary>
/// A long-running program under test (an engine host, the conlink CLI): its output and errors are
/// collected line by line as its log, which a test can wait on; it can be killed with SIGKILL as a
/// crash would, or stopped with SIGTERM.
/// </summary>
public sealed class LoggedProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LoggedProcess(Process process) => _process = process;

    public int Pid => _process.Id;
    public string Name => Path.GetFileName(_process.StartInfo.ArgumentList.FirstOrDefault() ?? _process.StartInfo.FileName);
    public bool HasExited => _process.HasExited;

    /// <summary>Every log line so far.</summary>
    public IReadOnlyList<string> Log
    {
        get { lock (_log) return _log.ToList(); }
    }

    public static LoggedProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var logged = new LoggedProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) logged._exited.TrySetResult();
            else logged.Append(e.Data);
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) logged.Append(e.Data);
        };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return logged;
    }

    /// <summary>Waits for a log line that matches (including lines already logged) and returns it.</summary>
    public async Task<string> WaitForLogAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_log)
        {
            if (_log.FirstOrDefault(match) is { } line) return line;
            _waiters.Add((match, found));
        }
        var finished = await Task.WhenAny(found.Task, _exited.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished == found.Task) return await found.Task.ConfigureAwait(false);
        lock (_log) _waiters.RemoveAll(w => w.Found == found);
        throw new TimeoutException((finished == _exited.Task ? $"{Name} exited" : $"no matching log line within {timeout.TotalSeconds:0.#} s")
            + $"; the log of {Name}:\n" + string.Join('\n', Log));
    }

    /// <summary>Waits for the process to exit by itself; returns its exit code (128 + N when signal N killed it).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then waits for the exit; returns the exit code.</summary>
    public Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited) Tmds.Linux.LibC.kill(Pid, Tmds.Linux.LibC.SIGTERM);
        return WaitForExitAsync(timeout);
    }

    /// <summary>SIGHUP (conlink: re-read the config and apply it).</summary>
    public void Hangup()
    {
        if (!_process.HasExited) Tmds.Linux.LibC.kill(Pid, Tmds.Linux.LibC.SIGHUP);
    }

    /// <summary>Ends the process as a crash would: SIGKILL, so it cleans nothing up.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Resident memory, from <c>/proc/PID/status</c>.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string line)
    {
        lock (_log)
        {
            _log.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Found.TrySetResult(line);
            }
        }
    }
}
