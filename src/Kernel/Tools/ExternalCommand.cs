using System.ComponentModel;
using System.Diagnostics;
using Conlink.Netlink.Namespaces;

namespace Conlink.Kernel.Tools;

/// <summary>
/// Runs one of the few programs conlink still needs (ethtool, iptables, ovs-vsctl) with an argv,
/// never a shell, so no config value is ever parsed by a shell. When a namespace is given the
/// program is started from the namespace thread while it is switched there, so the program acts
/// in that namespace.
/// </summary>
public static class ExternalCommand
{
    /// <summary>The search path used when PATH is unset, as execvp does.</summary>
    public const string DefaultSearchPath = "/bin:/usr/bin";

    /// <summary>
    /// Whether <see cref="Run"/> would find <paramref name="program"/>: an executable regular file of
    /// that name in a directory of <paramref name="searchPath"/> (PATH when null).
    /// </summary>
    public static bool IsInstalled(string program, string? searchPath = null)
    {
        if (program.Length == 0 || program.Contains('/')) throw new ArgumentException($"'{program}' is not a bare program name", nameof(program));
        var path = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? DefaultSearchPath;
        return path.Split(':').Any(directory => IsExecutableFile(Path.Join(directory.Length == 0 ? "." : directory, program)));
    }

    private static bool IsExecutableFile(string path)
    {
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        try
        {
            return !OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & anyExecute) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static string Run(string program, IReadOnlyList<string> args, NetNs? ns = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = (ns is null ? Process.Start(psi) : ns.Run(() => Process.Start(psi)))
                ?? throw new ToolException(program, args, "could not be started");
        }
        catch (Win32Exception)
        {
            throw new ToolException(program, args, $"is not installed (install the '{program}' package where conlink runs)");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(30)))
            {
                process.Kill();
                throw new ToolException(program, args, "timed out");
            }
            var error = stderr.GetAwaiter().GetResult().Trim();
            if (process.ExitCode != 0)
                throw new ToolException(program, args, $"exited with {process.ExitCode}" + (error.Length > 0 ? $": {error}" : ""));
            return stdout.GetAwaiter().GetResult();
        }
    }
}

public sealed class ToolException(string program, IReadOnlyList<string> args, string problem)
    : Exception($"{program} {string.Join(' ', args)}: {problem}");
