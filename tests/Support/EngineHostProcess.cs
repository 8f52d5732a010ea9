using System.Diagnostics;
using Conlink.Actors.Status;

namespace Conlink.Testing;

/// <summary>
/// The engine in a process of its own (tests/Support/EngineHost), which a test can kill with
/// SIGKILL as a crash would, restart, ask for status and measure. Its log (stderr) is collected
/// line by line. The caller's project must reference Conlink.EngineHost so that it sits next to
/// the caller's assembly.
/// </summary>
public sealed class EngineHostProcess : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly Process _process;
    private readonly List<string> _log = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EngineHostProcess(Process process, string statusSocket)
    {
        _process = process;
        StatusSocket = statusSocket;
    }

    public int Pid => _process.Id;
    public string StatusSocket { get; }
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Every log line so far.</summary>
    public IReadOnlyList<string> Log
    {
        get { lock (_log) return _log.ToList(); }
    }

    /// <param name="configFiles">Compose files whose <c>x-network</c> sections are the config.</param>
    /// <param name="environment">Variables the config interpolates.</param>
    /// <param name="killAfterLinks">The engine kills itself with SIGKILL once it has applied this many links.</param>
    public static EngineHostProcess Start(string registry, string bridgeNamespace, string statusSocket,
        IReadOnlyList<string> configFiles, string? underlayNamespace = null, IReadOnlyDictionary<string, string>? environment = null,
        int? killAfterLinks = null)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Conlink.EngineHost.dll");
        if (!File.Exists(program)) throw new FileNotFoundException("reference Conlink.EngineHost from the calling project", program);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { program, "--registry", registry, "--netns", bridgeNamespace, "--status-socket", statusSocket })
            psi.ArgumentList.Add(argument);
        foreach (var file in configFiles)
        {
            psi.ArgumentList.Add("--compose-file");
            psi.ArgumentList.Add(file);
        }
        if (underlayNamespace is not null)
        {
            psi.ArgumentList.Add("--underlay-netns");
            psi.ArgumentList.Add(underlayNamespace);
        }
        if (killAfterLinks is { } links)
        {
            psi.ArgumentList.Add("--kill-after-links");
            psi.ArgumentList.Add(links.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;

        if (File.Exists(statusSocket)) File.Delete(statusSocket);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var host = new EngineHostProcess(process, statusSocket);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) host._exited.TrySetResult();
            else host.Append(e.Data);
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) host.Append(e.Data);
        };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return host;
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
        throw new TimeoutException((finished == _exited.Task ? "the engine host exited" : $"no matching log line within {timeout.TotalSeconds:0.#} s")
            + "; its log:\n" + string.Join('\n', Log));
    }

    public Task<StatusTracker.Snapshot> StatusAsync(CancellationToken ct = default) => StatusClient.GetAsync(StatusSocket, ct);

    /// <summary>
    /// Waits until the engine reports every expected link ready ("All links connected") and
    /// <paramref name="until"/> holds for its status; throws with the status and log when it does not.
    /// </summary>
    public Task<StatusTracker.Snapshot> WaitAllReadyAsync(Func<StatusTracker.Snapshot, bool> until, TimeSpan timeout) =>
        WaitForStatusAsync(s => s.AllReady && until(s), timeout);

    /// <summary>Waits until the engine's status satisfies <paramref name="until"/>; throws with the status and log when it does not.</summary>
    public async Task<StatusTracker.Snapshot> WaitForStatusAsync(Func<StatusTracker.Snapshot, bool> until, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        StatusTracker.Snapshot? status = null;
        while (deadline.Elapsed < timeout && !HasExited)
        {
            if (File.Exists(StatusSocket))
            {
                try
                {
                    status = await StatusAsync().ConfigureAwait(false);
                    if (until(status)) return status;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                {
                    // not listening yet, or busy; ask again
                }
            }
            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
        var links = status is null ? "no status" : string.Join(", ", status.Links.Select(l => $"{l.Id}={l.State} {l.Reason}"));
        throw new TimeoutException($"the status did not come as expected within {timeout.TotalSeconds:0.#} s ({links}); the engine's log:\n"
            + string.Join('\n', Log));
    }

    /// <summary>The engine's resident memory, from <c>/proc/PID/status</c>.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>Waits for the engine to exit by itself; returns how it ended (negative: killed by that signal).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Ends the engine as a crash would: SIGKILL, so nothing is cleaned up.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM: the engine removes what it made and exits; returns its exit code.</summary>
    public Task<int> StopAsync(TimeSpan timeout)
    {
        Tmds.Linux.LibC.kill(Pid, Tmds.Linux.LibC.SIGTERM);
        return WaitForExitAsync(timeout);
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
