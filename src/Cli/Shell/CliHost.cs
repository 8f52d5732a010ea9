using Conlink.Config.Model;
using Conlink.Host.Doctor;
using Conlink.Host.Startup;

namespace Conlink.Cli.Shell;

/// <summary>
/// What the command line reads from and writes to outside itself, so that tests can run the
/// whole command tree in-process with their own output, environment and kernel.
/// </summary>
internal sealed record CliHost(
    TextWriter Out,
    TextWriter Error,
    Func<string, string?> GetEnvironmentVariable,
    Func<string, bool> IsKernelModuleLoaded)
{
    /// <summary>Whether conlink runs as root (probing the kernel needs it).</summary>
    public bool IsRoot { get; init; } = Environment.IsPrivilegedProcess;

    /// <summary>Whether ovs-vsctl is installed, which bridge mode auto needs to resolve to ovs.</summary>
    public Func<bool> IsOvsVsctlInstalled { get; init; } = OvsUserspace.IsInstalled;

    /// <summary>Probes the kernel for every feature a config needs (<c>conlink doctor</c>).</summary>
    public Func<NetworkConfig, IReadOnlyList<FeatureCheck>> CheckKernel { get; init; } = KernelDoctor.Check;

    /// <summary>Standard output as bytes (<c>conlink capture -w -</c>); tests give their own stream.</summary>
    public Func<Stream> OpenStandardOutput { get; init; } = Console.OpenStandardOutput;

    public static CliHost FromProcess() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, KernelModules.IsLoaded);
}
