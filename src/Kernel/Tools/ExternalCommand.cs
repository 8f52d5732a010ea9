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
