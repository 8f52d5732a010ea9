using System.CommandLine;
using System.Globalization;
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
        var control = new ControlOptions();

        var command = new Command("capture", "Capture packets on links of a running conlink into pcapng, in conlink's own process (no tcpdump). "
            + "Only root (or the control group) may capture. There is no packet filter (no BPF compiler is built in): "
            + "pipe into 'tcpdump -r - FILTER' to filter. "
            + "Over the TCP port (--port) conlink serves captures only with its control token: give --token-file. "
            + $"Exit code {ExitCodes.Ok} when the capture ended (count, duration or Ctrl-C), {ExitCodes.NotAllowed} when conlink refused it as not allowed "
            + $"(not root, no token or a wrong one), {ExitCodes.Failure} when a target does not exist, conlink cannot be reached or the file cannot be written, "
            + $"{ExitCodes.Usage} for usage errors.");
        command.Arguments.Add(targets);
        foreach (var option in new Option[] { write, count, duration, snaplen, inside }) command.Options.Add(option);
        control.AddTo(command);
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

            try
            {
                using var client = control.Client(result);
                using var response = await client.OpenStreamAsync("/capture?" + string.Join('&', query), cancellation);
                await using var input = await response.Content.ReadAsStreamAsync(cancellation);
                await using var output = path is null or "-" ? host.OpenStandardOutput() : NoFollowFile.CreateOrTruncate(path, "the capture file");
                var copier = new PcapngBlockCopier(input, output);
                await copier.CopyAsync(cancellation);
                host.Error.WriteLine($"{copier.Packets} packet{(copier.Packets == 1 ? "" : "s")} captured");
                return ExitCodes.Ok;
            }
            catch (ControlRefusedException e)
            {
                host.Error.WriteLine($"conlink capture: {e.Reason}"
                    + (e.NotAllowed && result.GetValue(control.Port) is not null && result.GetValue(control.TokenFile) is null
                        ? "; give --token-file FILE, the file of conlink's --control-token-file" : ""));
                return e.NotAllowed ? ExitCodes.NotAllowed : ExitCodes.Failure;
            }
            catch (StatusUnavailableException e)
            {
                host.Error.WriteLine($"conlink: {e.Message}");
                return ExitCodes.Failure;
            }
            catch (InvalidOperationException e)
            {
                host.Error.WriteLine($"conlink capture: {e.Message}"); // the token file cannot be used
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
