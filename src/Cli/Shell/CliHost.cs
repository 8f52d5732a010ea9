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
    /// <summary>Standard output as bytes (<c>conlink capture -w -</c>); tests give their own stream.</summary>
    public Func<Stream> OpenStandardOutput { get; init; } = Console.OpenStandardOutput;

    public static CliHost FromProcess() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, KernelModules.IsLoaded);
}
