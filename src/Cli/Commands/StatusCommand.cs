using System.CommandLine;
using System.Text;
using Conlink.Actors.Status;
using Conlink.Cli.Shell;
using Conlink.Cli.Status;
using Conlink.Host.Status;

namespace Conlink.Cli.Commands;

/// <summary>
/// <c>conlink status</c>: asks a running conlink for the state of every link and prints it as a
/// table (or JSON), once or, with <c>--watch</c>, each time it changes. The exit code says how
/// things stand: 0 all ready, 1 a link failed or conlink is unreachable, 3 links still coming up.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CliHost host)
    {
        var socket = new Option<string?>("--socket")
        {
            Description = $"Unix socket of the running conlink (its --status-socket). Default: {StatusSocket.DefaultPath} when it exists "
                + $"(conlink in this container), else {StatusSocket.HostDefaultPath} (conlink on this host).",
            HelpName = "PATH",
        };
        var port = new Option<int?>("--port")
        {
            Description = "Ask over HTTP on this loopback TCP port instead (conlink's --status-port).",
            HelpName = "PORT",
        };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } p and (< 1 or > 65535)) r.AddError($"--port must be from 1 to 65535, not {p}");
        });
        var netns = new Option<string?>("--netns")
        {
            Description = $"The --netns of a conlink running on this host: its socket is {StatusSocket.DirectoryPath}/NAME.sock.",
            HelpName = "NAME",
        };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON, as conlink serves it." };
        var watch = new Option<bool>("--watch", "-w") { Description = "Keep asking, and print the status again each time it changes (Ctrl-C ends)." };
        var interval = new Option<double>("--interval")
        {
            Description = "Seconds between requests in --watch mode.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 1,
        };
        interval.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is var s and (< 0.1 or > 3600)) r.AddError($"--interval must be from 0.1 to 3600 seconds, not {s}");
        });

        var command = new Command("status", "Show the state of every link of a running conlink: planned, creating, ready, or failed and why. "
            + $"Exit code {ExitCodes.Ok} when all are ready, {ExitCodes.Failure} when one failed or conlink cannot be reached, "
            + $"{ExitCodes.Pending} while links are still coming up.");
        var rates = new Option<bool>("--rates")
        {
            Description = "Add each link's RX and TX rates (packets and bits per second, as the container sees them), from two reads of its "
                + "counters --interval apart. --watch shows them always, between one refresh and the next.",
        };
        foreach (var option in new Option[] { socket, port, netns, json, watch, interval, rates }) command.Options.Add(option);
        command.SetAction(async (result, cancellation) =>
        {
            var endpoint = StatusEndpoint.Choose(result.GetValue(socket), result.GetValue(port), result.GetValue(netns));
            using var client = new StatusClient(endpoint);
            var view = new StatusView(host, result.GetValue(json));
            var every = TimeSpan.FromSeconds(result.GetValue(interval));
            return result.GetValue(watch)
                ? await view.WatchAsync(client, every, cancellation)
                : await view.ShowOnceAsync(client, result.GetValue(rates) ? every : null, cancellation);
        });
        return command;
    }

    /// <summary>The exit code a snapshot calls for.</summary>
    private static int ExitCodeOf(StatusTracker.Snapshot snapshot) =>
        snapshot.Links.Any(l => l.State == LinkState.Failed) ? ExitCodes.Failure
        : snapshot.AllReady ? ExitCodes.Ok
        : ExitCodes.Pending;

    private sealed class StatusView(CliHost host, bool asJson)
    {
        private readonly Terminal _terminal = Terminal.For(host);

        /// <param name="ratesOver">Read the counters twice this far apart and show the rates; null: no rates.</param>
        public async Task<int> ShowOnceAsync(StatusClient client, TimeSpan? ratesOver, CancellationToken cancellation)
        {
            try
            {
                IReadOnlyDictionary<string, LinkRates>? rates = null;
                if (ratesOver is { } over)
                {
                    var before = await client.GetCountersAsync(cancellation);
                    await Task.Delay(over, cancellation);
                    rates = LinkRates.Between(before, await client.GetCountersAsync(cancellation));
                }
                var snapshot = await client.GetAsync(cancellation);
                host.Out.Write(Render(snapshot, rates));
                return ExitCodeOf(snapshot);
            }
            catch (StatusUnavailableException e)
            {
                host.Error.WriteLine($"conlink: {e.Message}");
                host.Error.WriteLine(Hint);
                return ExitCodes.Failure;
            }
        }

        /// <summary>Prints the status whenever it changes, until cancelled; returns the exit code of the last one.</summary>
        public async Task<int> WatchAsync(StatusClient client, TimeSpan interval, CancellationToken cancellation)
        {
            (string Text, string Change)? shown = null;
            var exitCode = ExitCodes.Failure;
            (DateTimeOffset, IReadOnlyDictionary<string, Host.Traffic.LinkTotals?>)? counters = null;
            while (!cancellation.IsCancellationRequested)
            {
                string text, change;
                try
                {
                    var snapshot = await client.GetAsync(cancellation);
                    exitCode = ExitCodeOf(snapshot);
                    var now = await TryCountersAsync(client, cancellation);
                    var rates = now is { } n ? counters is { } c ? LinkRates.Between(c, n) : new Dictionary<string, LinkRates>() : null;
                    counters = now;
                    text = Render(snapshot, rates);
                    change = ChangeKey(snapshot);
                }
                catch (StatusUnavailableException e)
                {
                    exitCode = ExitCodes.Failure;
                    text = change = $"waiting: {e.Message}\n{Hint}\n";
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                // A terminal is redrawn as the ages tick; a log gets a new table only when a link changes.
                if (_terminal.IsInteractive ? text != shown?.Text : change != shown?.Change)
                {
                    host.Out.Write(_terminal.IsInteractive ? Terminal.ClearScreen + text : $"--- {DateTimeOffset.Now:HH:mm:ss}\n{text}");
                    await host.Out.FlushAsync();
                    shown = (text, change);
                }
                try
                {
                    await Task.Delay(interval, cancellation);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            return exitCode;
        }

        private static string ChangeKey(StatusTracker.Snapshot snapshot) =>
            string.Join('\n', snapshot.Links.Select(l => $"{l.Id} {l.State} {l.Reason} {l.Ip} {l.Mac} {l.Attachment}").Append($"{snapshot.Synced}"));

        private string Render(StatusTracker.Snapshot snapshot, IReadOnlyDictionary<string, LinkRates>? rates = null) =>
            asJson ? Encoding.UTF8.GetString(StatusJson.Write(snapshot)) + "\n" : StatusTable.Render(snapshot, DateTimeOffset.UtcNow, _terminal, rates);

        /// <summary>The counters, or null when this conlink serves none (then --watch shows no rates).</summary>
        private static async Task<(DateTimeOffset, IReadOnlyDictionary<string, Host.Traffic.LinkTotals?>)?> TryCountersAsync(StatusClient client, CancellationToken ct)
        {
            try
            {
                return await client.GetCountersAsync(ct);
            }
            catch (StatusUnavailableException)
            {
                return null;
            }
        }

        private const string Hint =
            "Point at it with --socket PATH, --port PORT or --netns NAME (conlink's --status-socket, --status-port or --netns); "
            + "for conlink in a compose sidecar named 'network', run: docker compose exec network /app/conlink status";
    }
}
