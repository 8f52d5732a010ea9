using System.CommandLine;
using Conlink.Actors.Tracing;
using Conlink.Cli.Shell;
using Conlink.Cli.Tracing;

namespace Conlink.Cli.Commands;

/// <summary>
/// <c>conlink trace FILE</c>: the JSON lines of a <c>--trace</c> file as a timeline, optionally of
/// one container, one link or one kind of record. Exits 1 when a shown record is an error.
/// </summary>
internal static class TraceCommand
{
    public static Command Create(CliHost host)
    {
        var file = new Argument<string>("FILE") { Description = "A file written by 'conlink --trace FILE'." };
        var container = new Option<string?>("--container", "-c")
        {
            Description = "Only records about this container (its name) and its links.",
            HelpName = "NAME",
        };
        var link = new Option<string?>("--link", "-l")
        {
            Description = "Only records about this link: CONTAINER:DEV (as 'conlink status' lists them), or DEV for that device in every container.",
            HelpName = "LINK",
        };
        var kind = new Option<string?>("--kind", "-k")
        {
            Description = "Only actor messages, only kernel operations, or only events (link down/up, netem, apply, fault steps, container starts and stops).",
            HelpName = "message|netlink|event",
        };
        kind.AcceptOnlyFromAmong("message", "netlink", "event");

        var command = new Command("trace", "Show a --trace file as a timeline: when each actor message and kernel operation started, "
            + "how long it took, where it ran, and how it ended (errors highlighted).");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { container, link, kind }) command.Options.Add(option);
        command.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            TraceReader.Result trace;
            try
            {
                using var reader = new StreamReader(path);
                trace = TraceReader.Read(reader);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                host.Error.WriteLine($"conlink: cannot read {path}: {e.Message}");
                return ExitCodes.Failure;
            }
            if (trace.SkippedLines > 0)
                host.Error.WriteLine($"conlink: WARNING: skipped {trace.SkippedLines} line(s) of {path} that are not trace records");

            var filter = new TraceFilter(result.GetValue(container), result.GetValue(link), result.GetValue(kind) switch
            {
                "message" => TraceKind.Message,
                "netlink" => TraceKind.Netlink,
                "event" => TraceKind.Event,
                _ => null,
            });
            var shown = trace.Records.Where(filter.Matches).ToList();
            host.Out.Write(TraceTimeline.Render(shown, Terminal.For(host)));
            return shown.Any(TraceTimeline.IsError) ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }
}
