using System.CommandLine;
using Conlink.Cli.Control;
using Conlink.Cli.Shell;
using Conlink.Host;
using Conlink.Host.Control.Routes;

namespace Conlink.Cli.Commands;

/// <summary><c>conlink apply [--dry-run]</c>: the running conlink re-reads its config files and applies the difference.</summary>
internal static class ApplyCommand
{
    public static Command Create(CliHost host)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the difference and change nothing." };
        var options = new ControlOptions();
        var command = new Command("apply", "Make the running conlink re-read the config files it was started with (SIGHUP does the same) "
            + "and apply the difference without restarting any container: links added, removed or changed per container "
            + "(address, MTU, routes and netem in place; anything else re-made), bridges added, bridges no link uses any more deleted, "
            + "tunnels added made and removed ones deleted; links that did not change are not touched. "
            + "An invalid config is refused whole with its located errors and the running state is kept. Spans (span: cluster) added or removed take effect at once. "
            + $"The apply has {EngineHost.ApplyTimeout.TotalSeconds:0} s; what did not finish by then is named and goes on in the background. "
            + "Root only. Exit 0 applied, 1 refused, failed or conlink unreachable.");
        command.Options.Add(dryRun);
        options.AddTo(command);
        command.SetAction((result, ct) => ControlCall.RunAsync(host, () => options.Client(result, EngineHost.ApplyTimeout + ApplyRoute.AnswerMargin * 2), HttpMethod.Post,
            "/apply" + (result.GetValue(dryRun) ? "?dry-run=1" : ""), null, ct));
        return command;
    }
}
