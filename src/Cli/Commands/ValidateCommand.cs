using System.CommandLine;
using Conlink.Cli.Shell;
using Conlink.Config.Model;

namespace Conlink.Cli.Commands;

/// <summary>
/// <c>conlink validate</c>: loads the configuration as run mode would and reports every problem
/// as <c>FILE:LINE:COL: PATH: message</c>, or a one-line summary when there is none.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliHost host)
    {
        var inputs = new ConfigInputOptions(host);
        var command = new Command("validate", "Check the network configuration and report every error at once (exit 0 when valid, 1 when not).");
        inputs.AddTo(command);
        command.SetAction(result =>
        {
            if (inputs.TryLoad(result, out var exitCode) is not { } config) return exitCode;
            host.Out.WriteLine(Summary(config));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static string Summary(NetworkConfig config)
    {
        var links = config.Services.Values.Concat(config.Containers.Values).Sum(e => e.Links.Count);
        var commands = config.Services.Values.Concat(config.Containers.Values).Sum(e => e.Commands.Count);
        return $"valid: {Count(links, "link")} for {Count(config.Services.Count, "service")} and {Count(config.Containers.Count, "container")}, "
            + $"{Count(config.Bridges.Count, "bridge")}, {Count(config.Tunnels.Count, "tunnel")}, {Count(commands, "command")}";
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
