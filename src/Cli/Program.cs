using System.CommandLine;
using Conlink.Cli.Commands;
using Conlink.Cli.Shell;

namespace Conlink.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, CliHost.FromProcess());

    /// <summary>Parses and runs a command line. Usage errors exit 2; no exception escapes as a stack trace.</summary>
    internal static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellation = default)
    {
        try
        {
            var result = BuildCommandTree(host).Parse(args);
            if (result.Errors.Count > 0)
            {
                foreach (var message in result.Errors.Select(e => e.Message).Distinct()) host.Error.WriteLine($"conlink: {message}");
                host.Error.WriteLine("Try 'conlink --help' for more information.");
                return ExitCodes.Usage;
            }
            var invocation = new InvocationConfiguration { Output = host.Out, Error = host.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await result.InvokeAsync(invocation, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Error.WriteLine($"conlink: unexpected error: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>The command tree: the root command (run mode and --show-config) and its subcommands.</summary>
    internal static RootCommand BuildCommandTree(CliHost host)
    {
        var root = RunCommand.Create(host);
        root.Subcommands.Add(ValidateCommand.Create(host));
        root.Subcommands.Add(DoctorCommand.Create(host));
        root.Subcommands.Add(GraphCommand.Create(host));
        root.Subcommands.Add(StatusCommand.Create(host));
        root.Subcommands.Add(CaptureCommand.Create(host));
        root.Subcommands.Add(TraceCommand.Create(host));
        root.Subcommands.Add(LinkCommand.Create(host));
        root.Subcommands.Add(NetemCommand.Create(host));
        root.Subcommands.Add(EventsCommand.Create(host));
        root.Subcommands.Add(ApplyCommand.Create(host));
        root.Subcommands.Add(FaultsCommand.Create(host));
        return root;
    }
}
