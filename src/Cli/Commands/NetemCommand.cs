using System.CommandLine;
using System.Text.Json;
using Conlink.Cli.Control;
using Conlink.Cli.Shell;

namespace Conlink.Cli.Commands;

/// <summary><c>conlink netem set|reset|show</c>: change a running link's netem, put the declared one back, or list them.</summary>
internal static class NetemCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("netem", "Change the netem (delay, loss, rate...) of running links. Overrides survive a container restart "
            + "and are forgotten when conlink restarts. On a kernel without netem, 'set' exits 1 naming netem and its module sch_netem, and changes nothing.");
        command.Subcommands.Add(Set(host));
        command.Subcommands.Add(Reset(host));
        command.Subcommands.Add(Show(host));
        return command;
    }

    private static Command Set(CliHost host)
    {
        var target = new Argument<string>("TARGET") { Description = LinkCommand.TargetHelp };
        var netem = new Argument<string[]>("OPTIONS") { Description = "tc netem options as in the config, e.g. delay 50ms 10ms loss 1%", Arity = ArgumentArity.OneOrMore };
        var options = new ControlOptions();
        var command = new Command("set", "Replace a link's netem with OPTIONS (root only), parsed as the config's netem is: a bad option is refused "
            + "with the parser's message and nothing changes. Exit 0 done, 1 refused, failed or conlink unreachable.");
        command.Arguments.Add(target);
        command.Arguments.Add(netem);
        options.AddTo(command);
        command.SetAction((result, ct) => ControlCall.RunAsync(host, () => options.Client(result), HttpMethod.Put,
            $"/links/{ControlCall.Escape(result.GetValue(target)!)}/netem",
            JsonSerializer.Serialize(new Dictionary<string, string> { ["options"] = string.Join(' ', result.GetValue(netem)!) }), ct));
        return command;
    }

    private static Command Reset(CliHost host)
    {
        var target = new Argument<string>("TARGET") { Description = LinkCommand.TargetHelp };
        var options = new ControlOptions();
        var command = new Command("reset", "Put back the netem the config declares for the link, which may be none (root only).");
        command.Arguments.Add(target);
        options.AddTo(command);
        command.SetAction((result, ct) => ControlCall.RunAsync(host, () => options.Client(result), HttpMethod.Delete,
            $"/links/{ControlCall.Escape(result.GetValue(target)!)}/netem", null, ct));
        return command;
    }

    private static Command Show(CliHost host)
    {
        var target = new Argument<string?>("TARGET") { Description = LinkCommand.TargetHelp + " Default: every link.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON, as conlink serves it." };
        var options = new ControlOptions();
        var command = new Command("show", "List each link's declared netem and the one in effect.");
        command.Arguments.Add(target);
        command.Options.Add(json);
        options.AddTo(command);
        command.SetAction((result, ct) =>
        {
            var t = result.GetValue(target);
            return ControlCall.RunAsync(host, () => options.Client(result), HttpMethod.Get,
                "/netem" + (t is null ? "" : "?target=" + ControlCall.Escape(t)), null, ct, result.GetValue(json) ? null : Table);
        });
        return command;
    }

    private static string Table(string body)
    {
        using var document = JsonDocument.Parse(body);
        var rows = document.RootElement.EnumerateArray().Select(l => new[]
        {
            l.GetProperty("link").GetString()!,
            Or(l.GetProperty("declared").GetString()),
            Or(l.GetProperty("current").GetString()) + (l.GetProperty("overridden").GetBoolean() ? " (set by user)" : ""),
        }).ToList();
        string[] headers = ["LINK", "DECLARED", "CURRENT"];
        var widths = Enumerable.Range(0, 3).Select(c => rows.Select(r => r[c].Length).Append(headers[c].Length).Max()).ToArray();
        var lines = rows.Prepend(headers).Select(r => string.Join("  ", r.Select((cell, c) => c == 2 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        return string.Join('\n', lines) + "\n";
    }

    private static string Or(string? netem) => string.IsNullOrEmpty(netem) ? "none" : netem;
}
