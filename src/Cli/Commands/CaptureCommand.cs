using System.CommandLine;
using System.Globalization;
using System.Net;
using Conlink.Cli.Capture;
using Conlink.Cli.Control;
using Conlink.Cli.Shell;
using Conlink.Cli.Status;
using Conlink.Host.Files;
using Conlink.Host.Status;

namespace Conlink.Cli.Commands;

/// <summary>
/// <c>conlink capture TARGET...</c>: asks the running conlink to capture the named links
/// (AF_PACKET in the right namespace, in conlink's process) and writes the pcapng it streams to a
/// file or to stdout, until the count, the duration or Ctrl-C; the file is complete whichever ends it.
/// </summary>
internal static class CaptureCommand
{
    public static Command Create(CliHost host)
    {
        var targets = new Argument<string[]>("TARGET")
        {
            Description = "Links to capture: CONTAINER:DEV as 'conlink status' shows them, SERVICE:DEV for a service with one replica, "
                + "SERVICE_N:DEV for replica N. Several go into one file, one interface each, named CONTAINER:DEV.",
            Arity = ArgumentArity.OneOrMore,
        };
        var write = new Option<string>("--write", "-w")
        {
            Description = "Write the pcapng here; '-' is stdout (for '| tcpdump -r -' or '| wireshark -k -i -'). "
                + "Default: stdout when it is not a terminal. An existing file is replaced; a symlink is refused.",
            HelpName = "FILE|-",
        };
        var count = new Option<long?>("--count", "-c") { Description = "Stop after this many packets (all targets together).", HelpName = "N" };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() is { } n and < 1) r.AddError($"--count must be at least 1, not {n}");
        });
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds.", HelpName = "SECONDS" };
        duration.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } s and (<= 0 or > 604800)) r.AddError($"--duration must be more than 0 and at most 604800 seconds, not {s}");
        });
        var snaplen = new Option<int?>("--snaplen", "-s") { Description = "Bytes kept of each frame (default: all of it, up to 262144).", HelpName = "N" };
        snaplen.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } n and (< 1 or > 262144)) r.AddError($"--snaplen must be from 1 to 262144, not {n}");
        });
        var inside = new Option<bool>("--inside")
        {
            Description = "Capture in the container, on its own end of the link, rather than on the outer end in conlink's bridge namespace "
                + "(links without an outer end, such as macvlan, are always captured inside).",
        };
        var socket = new Option<string?>("--socket", "--status-socket")
        {
            Description = $"Unix socket of the running conlink (its --status-socket). Default: as 'conlink status'.",
            HelpName = "PATH",
        };
        var port = new Option<int?>("--port", "--status-port")
        {
            Description = "Ask over conlink's TCP port (its --status-port) instead; it refuses captures unless conlink has a control token, "
                + "which this command does not send: capture through the Unix socket.",
            HelpName = "PORT",
        };
        var netns = new Option<string?>("--netns") { Description = "The --netns of a conlink running on this host.", HelpName = "NAME" };

        var command = new Command("capture", "Capture packets on links of a running conlink into pcapng, in conlink's own process (no tcpdump). "
            + "Only root (or the control group) may capture. There is no packet filter (no BPF compiler is built in): "
            + "pipe into 'tcpdump -r - FILTER' to filter. "
            + $"Exit code {ExitCodes.Ok} when the capture ended (count, duration or Ctrl-C), {ExitCodes.Failure} when it was refused, "
            + $"a target does not exist or conlink cannot be reached, {ExitCodes.Usage} for usage errors.");
        command.Arguments.Add(targets);
        foreach (var option in new Option[] { write, count, duration, snaplen, inside, socket, port, netns }) command.Options.Add(option);
        command.SetAction(async (result, cancellation) =>
        {
            var path = result.GetValue(write);
            if (path is null && !Console.IsOutputRedirected)
            {
                host.Error.WriteLine("conlink capture: stdout is a terminal; give -w FILE, or pipe it: conlink capture ... | tcpdump -n -r -");
                return ExitCodes.Usage;
            }
            var query = new List<string> { "target=" + Uri.EscapeDataString(string.Join(',', result.GetValue(targets)!)) };
            if (result.GetValue(count) is { } n) query.Add($"count={n}");
            if (result.GetValue(duration) is { } s) query.Add("duration=" + s.ToString(CultureInfo.InvariantCulture));
            if (result.GetValue(snaplen) is { } snap) query.Add($"snaplen={snap}");
            if (result.GetValue(inside)) query.Add("inside=1");

            var endpoint = StatusEndpoint.Choose(result.GetValue(socket), result.GetValue(port), result.GetValue(netns));
            using var client = new StatusClient(endpoint);
            try
            {
                using var response = await client.OpenStreamAsync("capture?" + string.Join('&', query), cancellation);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var why = await ControlHttp.ReadRefusalAsync(response, cancellation);
                    host.Error.WriteLine($"conlink capture: {why}");
                    return ExitCodes.Failure;
                }
                await using var input = await response.Content.ReadAsStreamAsync(cancellation);
                await using var output = path is null or "-" ? host.OpenStandardOutput() : NoFollowFile.CreateOrTruncate(path, "the capture file");
                var copier = new PcapngBlockCopier(input, output);
                await copier.CopyAsync(cancellation);
                host.Error.WriteLine($"{copier.Packets} packet{(copier.Packets == 1 ? "" : "s")} captured");
                return ExitCodes.Ok;
            }
            catch (StatusUnavailableException e)
            {
                host.Error.WriteLine($"conlink: {e.Message}");
                return ExitCodes.Failure;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or HttpRequestException)
            {
                host.Error.WriteLine($"conlink capture: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
