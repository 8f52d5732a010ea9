using Conlink.Cli.Shell;

namespace Conlink.Cli.Tests.Support;

/// <summary>The outcome of one in-process run of the conlink command line.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>Runs conlink with <paramref name="args"/>, an environment of <paramref name="environment"/> only, and the given loaded kernel modules (ovs-vsctl counts as installed).</summary>
    public static CliRun Of(string[] args, IReadOnlyDictionary<string, string>? environment = null, params string[] kernelModules) =>
        With(args, host => host, environment, kernelModules);

    /// <summary>Like <see cref="Of"/>, on a host that <paramref name="adjust"/> changes (its kernel probe, whether it is root).</summary>
    public static CliRun With(string[] args, Func<CliHost, CliHost> adjust, IReadOnlyDictionary<string, string>? environment = null, params string[] kernelModules)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = adjust(new CliHost(output, error, name => environment?.GetValueOrDefault(name), kernelModules.Contains) { IsOvsVsctlInstalled = () => true });
        var exitCode = Program.RunAsync(args, host).GetAwaiter().GetResult();
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
