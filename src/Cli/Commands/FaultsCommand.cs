using System.CommandLine;
using Conlink.Cli.Control;
using Conlink.Cli.Shell;
using Conlink.Cli.Status;
using Conlink.Config;
using Conlink.Config.Faults;
using Conlink.Host.Faults;

namespace Conlink.Cli.Commands;

/// <summary><c>conlink faults run FILE [--dry-run]</c>: carry out a fault schedule against a running conlink.</summary>
internal static class FaultsCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("faults", "Fault schedules: links taken down and brought up, netem set and reset, at given times (see docs/faults.md).");
        command.Subcommands.Add(Run(host));
        return command;
    }

    private static Command Run(CliHost host)
    {
        var file = new Argument<string>("FILE") { Description = "The schedule: YAML, a list of steps {at, link, action: down|up|netem|netem-reset, netem, for, repeat, every}." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the timeline and change nothing." };
        var options = new ControlOptions();
        var command = new Command("run", "Carry out a fault schedule against the running conlink (root only): each step at its offset from now, "
            + "printed and written to conlink's trace and events with its timestamp (kind fault-step). Ctrl-C undoes every step still in effect. "
            + "Exit 0 every step done, 1 a step failed, the file is invalid or conlink is unreachable.");
        command.Arguments.Add(file);
        command.Options.Add(dryRun);
        options.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            FaultSchedule schedule;
            try
            {
                schedule = FaultSchedule.Load(result.GetValue(file)!);
            }
            catch (ConfigException e)
            {
                foreach (var error in e.Errors) host.Error.WriteLine(error);
                host.Error.WriteLine($"conlink: {e.Errors.Count} error(s) in the fault schedule");
                return ExitCodes.Failure;
            }
            var timeline = schedule.Timeline();
            if (result.GetValue(dryRun))
            {
                foreach (var e in timeline) host.Out.WriteLine($"+{e.At.TotalSeconds,9:0.000}s  {e.Describe()}");
                host.Out.WriteLine($"{timeline.Count} event(s) over {(timeline.Count == 0 ? 0 : timeline[^1].At.TotalSeconds):0.###} s; nothing was changed (--dry-run)");
                return ExitCodes.Ok;
            }
            try
            {
                using var client = options.Client(result);
                var runner = new FaultRunner(new HttpFaultTarget(client), line =>
                {
                    host.Out.WriteLine(line);
                    host.Out.Flush();
                });
                host.Out.WriteLine($"running {timeline.Count} event(s) over {(timeline.Count == 0 ? 0 : timeline[^1].At.TotalSeconds):0.###} s (Ctrl-C undoes what is in effect)");
                var outcome = await runner.RunAsync(schedule, ct);
                if (outcome.Cancelled) host.Out.WriteLine($"interrupted after {outcome.Done} event(s); undone: {(outcome.Undone.Count == 0 ? "nothing was in effect" : string.Join(", ", outcome.Undone))}");
                foreach (var failure in outcome.Failures) host.Error.WriteLine($"conlink: {failure}");
                return outcome.Failures.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
            }
            catch (Exception e) when (e is StatusUnavailableException or InvalidOperationException)
            {
                host.Error.WriteLine($"conlink: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
