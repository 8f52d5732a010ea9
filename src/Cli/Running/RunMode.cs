using Conlink.Cli.Host;

namespace Conlink.Cli.Running;

/// <summary>Run mode: watch the container engines and build links. The engine plugs in here.</summary>
internal static class RunMode
{
    public static Task<int> RunAsync(RunSettings settings, CliHost host, CancellationToken cancellation)
    {
        host.Error.WriteLine("conlink: run mode is not implemented yet");
        return Task.FromResult(ExitCodes.Failure);
    }
}
