using System.Diagnostics;
using System.Globalization;
using Conlink.Actors.Status;

namespace Conlink.Testing;

/// <summary>
/// The engine in a process of its own (tests/Support/EngineHost), which a test can kill with
/// SIGKILL as a crash would, restart, ask for status and measure. The caller's project must
/// reference Conlink.EngineHost so that it sits next to the caller's assembly.
/// </summary>
public sealed class EngineHostProcess : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private EngineHostProcess(LoggedProcess process, string statusSocket)
    {
        Process = process;
        StatusSocket = statusSocket;
    }

    /// <summary>The process, its log and how to end it.</summary>
    public LoggedProcess Process { get; }
    public string StatusSocket { get; }
    public IReadOnlyList<string> Log => Process.Log;

    /// <param name="configFiles">Compose files whose <c>x-network</c> sections are the config.</param>
    /// <param name="environment">Variables the config interpolates.</param>
    /// <param name="killAfterLinks">The engine kills itself with SIGKILL once it has applied this many links.</param>
    /// <param name="hangupIgnored">Started through <c>nohup</c>: SIGHUP is ignored when the process starts, as a user's <c>nohup conlink</c> has it.</param>
    public static EngineHostProcess Start(string registry, string bridgeNamespace, string statusSocket,
        IReadOnlyList<string> configFiles, string? underlayNamespace = null, IReadOnlyDictionary<string, string>? environment = null,
        int? killAfterLinks = null, IReadOnlyList<string>? extraArguments = null, string? inNamespace = null, bool hangupIgnored = false)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Conlink.EngineHost.dll");
        if (!File.Exists(program)) throw new FileNotFoundException("reference Conlink.EngineHost from the calling project", program);
        List<string> arguments = [program, "--registry", registry, "--netns", bridgeNamespace, "--status-socket", statusSocket];
        foreach (var file in configFiles) arguments.AddRange(["--compose-file", file]);
        if (underlayNamespace is not null) arguments.AddRange(["--underlay-netns", underlayNamespace]);
        if (killAfterLinks is { } links) arguments.AddRange(["--kill-after-links", links.ToString(CultureInfo.InvariantCulture)]);
        if (extraArguments is not null) arguments.AddRange(extraArguments);
        if (File.Exists(statusSocket)) File.Delete(statusSocket);
        // In a host's namespace (cluster mode): the process itself runs there, as conlink on that host would.
        List<string> command = [.. hangupIgnored ? ["nohup"] : Array.Empty<string>(), "dotnet", .. arguments];
        var process = inNamespace is null
            ? LoggedProcess.Start(command[0], command[1..], environment)
            : LoggedProcess.Start("ip", ["netns", "exec", inNamespace, .. command], environment);
        return new EngineHostProcess(process, statusSocket);
    }

    public Task<string> WaitForLogAsync(Func<string, bool> match, TimeSpan timeout) => Process.WaitForLogAsync(match, timeout);

    public Task<StatusTracker.Snapshot> StatusAsync(CancellationToken ct = default) => StatusClient.GetAsync(StatusSocket, ct);

    /// <summary>Waits until the engine's status satisfies <paramref name="until"/>; throws with the status and log when it does not.</summary>
    public async Task<StatusTracker.Snapshot> WaitForStatusAsync(Func<StatusTracker.Snapshot, bool> until, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        StatusTracker.Snapshot? status = null;
        while (deadline.Elapsed < timeout && !Process.HasExited)
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

    public void Dispose() => Process.Dispose();
}
