using System.Diagnostics;

namespace Conlink.Testing;

/// <summary>
/// A process alone in a fresh network namespace (<c>unshare -n sleep</c>): to the engine it is as
/// good as a container, with a pid whose <c>/proc/PID/ns/net</c> is its namespace.
/// </summary>
public sealed class NamespaceProcess : IDisposable
{
    private readonly Process _process;

    private NamespaceProcess(Process process) => _process = process;

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public static NamespaceProcess Start()
    {
        var process = Process.Start(new ProcessStartInfo("unshare", ["--net", "sleep", "1000000"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("cannot start unshare");
        // unshare execs sleep in place once the namespace exists; wait until it has.
        var self = File.ResolveLinkTarget("/proc/self/ns/net", false)?.ToString();
        for (var i = 0; i < 500; i++)
        {
            var ns = TryReadLink($"/proc/{process.Id}/ns/net");
            var comm = TryRead($"/proc/{process.Id}/comm");
            if (ns is not null && ns != self && comm?.Trim() == "sleep") return new NamespaceProcess(process);
            if (process.HasExited) throw new InvalidOperationException("unshare -n failed: " + process.StandardError.ReadToEnd());
            Thread.Sleep(2);
        }
        process.Kill();
        throw new TimeoutException("unshare -n did not enter a new namespace");
    }

    /// <summary>Ends the process as a crash would (SIGKILL), which destroys its namespace.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static string? TryReadLink(string path)
    {
        try { return File.ResolveLinkTarget(path, false)?.ToString(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; }
    }
}
