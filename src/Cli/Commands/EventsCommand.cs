using System.CommandLine;
using Conlink.Cli.Control;
using Conlink.Cli.Shell;
using Conlink.Cli.Status;

namespace Conlink.Cli.Commands;

/// <summary><c>conlink events</c>: one JSON line per event of a running conlink, as they happen.</summary>
internal static class EventsCommand
{
    public static Command Create(CliHost host)
    {
        var since = new Option<string?>("--since")
        {
            Description = "First replay the events the running conlink still holds (its last 10000) from this UTC time (ISO 8601), or 'all'.",
            HelpName = "TIME|all",
        };
        var filter = new Option<string?>("--filter")
        {
            Description = "Only events that match every term: container=NAME, link=CONTAINER:DEV, kind=KIND "
                + "(link-state, netem, apply, fault-step, container-start, container-stop), comma-separated.",
            HelpName = "TERMS",
        };
        var noFollow = new Option<bool>("--no-follow") { Description = "Print what is held (with --since) and exit instead of following." };
        var options = new ControlOptions();
        var command = new Command("events", "Stream a running conlink's events as JSON lines, the same records as its --trace file writes: "
            + "link state changes with the reason, netem changes, applies, fault steps, container starts and stops. Ctrl-C ends.");
        foreach (var option in new Option[] { since, filter, noFollow }) command.Options.Add(option);
        options.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var query = new List<string>();
            if (result.GetValue(since) is { } s) query.Add("since=" + Uri.EscapeDataString(s));
            if (result.GetValue(filter) is { } f) query.Add("filter=" + Uri.EscapeDataString(f));
            if (result.GetValue(noFollow)) query.Add("follow=0");
            try
            {
                using var client = options.Client(result);
                await foreach (var line in client.StreamLinesAsync("/events" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), ct))
                {
                    host.Out.WriteLine(line);
                    await host.Out.FlushAsync(ct);
                }
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Ok;
            }
            catch (StatusUnavailableException e)
            {
                host.Error.WriteLine($"conlink: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
