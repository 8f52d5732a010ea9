using System.CommandLine;
using Conlink.Cli.Control;
using Conlink.Cli.Shell;

namespace Conlink.Cli.Commands;

/// <summary><c>conlink link down|up TARGET</c>: pull a running link's cable, or put it back.</summary>
internal static class LinkCommand
{
    public const string TargetHelp = "CONTAINER:DEV as 'conlink status' shows it; SERVICE:DEV when the service has one replica; SERVICE_N:DEV for replica N.";

    public static Command Create(CliHost host)
    {
        var command = new Command("link", "Take a running link down or bring it back up (root only). "
            + "The user's 'down' survives a container restart and is forgotten when conlink restarts.");
        command.Subcommands.Add(State(host, down: true));
        command.Subcommands.Add(State(host, down: false));
        return command;
    }

    private static Command State(CliHost host, bool down)
    {
        var target = new Argument<string>("TARGET") { Description = TargetHelp };
        var options = new ControlOptions();
        var command = new Command(down ? "down" : "up", down
            ? "Take a link down as if its cable were pulled: both ends go down, so the container sees NO-CARRIER and the bridge port goes down "
              + "(links with no outer end, such as macvlan, vlan and dummy: the container end goes down). 'conlink status' then shows "
              + "'down (set by user)', which does not count as broken. Exit 0 done, 1 refused, failed or conlink unreachable."
            : "Bring a link back up exactly as declared: both ends up, addresses and routes put back if the kernel dropped them. "
              + "Exit 0 done, 1 refused, failed or conlink unreachable.");
        command.Arguments.Add(target);
        options.AddTo(command);
        command.SetAction((result, ct) => ControlCall.RunAsync(host, () => options.Client(result), HttpMethod.Post,
            $"/links/{ControlCall.Escape(result.GetValue(target)!)}/{(down ? "down" : "up")}", null, ct));
        return command;
    }
}
