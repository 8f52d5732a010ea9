using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Conlink.E2E.Harness;

/// <summary>
/// conlink run as a process on the host (not as a sidecar): the self-contained build that
/// scripts/build-image.sh publishes to artifacts/publish/conlink, the same one the image carries.
/// Its log (stderr and stdout) is collected and copied to the test's output.
/// </summary>
public sealed class ConlinkProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LogPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly ITestOutputHelper? output;

    private ConlinkProcess(Process process, ITestOutputHelper? output)
    {
        this.process = process;
        this.output = output;
    }

    /// <summary>The published executable; null when scripts/build-image.sh has not run here.</summary>
    public static string? Executable =>
        Repository.PathOf("artifacts/publish/conlink/conlink") is var path && File.Exists(path) ? path : null;

    public const string MissingExecutable = "no artifacts/publish/conlink/conlink: scripts/build-image.sh publishes it";

    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    /// <param name="inNamespace">A named network namespace to run conlink in (through <c>ip netns exec</c>, which execs it: the pid stays conlink's).</param>
    /// <param name="environment">Variables added to conlink's environment (for interpolation, or its CONLINK_* twins of flags).</param>
    public static ConlinkProcess Start(IEnumerable<string> arguments, ITestOutputHelper? output,
        string? inNamespace = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var executable = Executable ?? throw new InvalidOperationException(MissingExecutable);
        var startInfo = new ProcessStartInfo(inNamespace is null ? executable : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (inNamespace is not null)
            foreach (var argument in new[] { "netns", "exec", inNamespace, executable }) startInfo.ArgumentList.Add(argument);
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) startInfo.Environment[name] = value;
        var process = new Process { StartInfo = startInfo };
        var conlink = new ConlinkProcess(process, output);
        process.OutputDataReceived += (_, e) => conlink.Append(e.Data);
        process.ErrorDataReceived += (_, e) => conlink.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        conlink.Append($"$ conlink {string.Join(' ', startInfo.ArgumentList)} (pid {process.Id})");
        return conlink;
    }

    /// <summary>Waits until the log contains <paramref name="text"/>; fails showing the log if conlink exits or time runs out first.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"conlink exited with {process.ExitCode} before logging '{text}'; its log:\n{Log}");
            if (waited.Elapsed >= timeout)
                throw new TimeoutException($"conlink did not log '{text}' within {timeout.TotalSeconds:0.#} s; its log:\n{Log}");
            await Task.Delay(LogPollInterval);
        }
    }

    /// <summary>Sends SIGTERM and returns the exit code once conlink has cleaned up and exited.</summary>
    public async Task<int> StopAsync()
    {
        if (!process.HasExited)
            (await Command.RunAsync("kill", ["-TERM", process.Id.ToString()], TimeSpan.FromSeconds(10))).EnsureSuccess();
        using var deadline = new CancellationTokenSource(StopTimeout);
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited) await StopAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or CommandFailedException)
        {
            process.Kill();
        }
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (log) log.AppendLine(line);
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // the test has finished: nobody is listening any more
        }
    }
}
