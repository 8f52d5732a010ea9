using System.CommandLine;
using Conlink.Cli.Shell;
using Conlink.Host.Doctor;

namespace Conlink.Cli.Commands;

/// <summary>
/// <c>conlink doctor</c>: loads the configuration as <c>validate</c> does, then lists every kernel
/// feature it needs and whether this kernel has it, probed in a throwaway network namespace, with the
/// module to load for each one missing. Exit 0 when all are there, 1 when one is missing (or the
/// config is invalid, or conlink is not root).
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliHost host)
    {
        var inputs = new ConfigInputOptions(host);
        var command = new Command("doctor",
            "List the kernel features the network configuration needs (link types, bridge modes, netem, tc mirred, iptables and ip6tables nat, "
            + "vxlan or geneve) and whether this kernel has each, probed in a throwaway network namespace; names the module to load "
            + "for each missing one. Needs root. Exit 0 when all are present, 1 when one is missing or the config is invalid.");
        inputs.AddTo(command);
        command.SetAction(result =>
        {
            if (inputs.TryLoad(result, out var exitCode) is not { } config) return exitCode;
            if (!host.IsRoot)
            {
                host.Error.WriteLine("conlink doctor: probing the kernel needs root (it creates a throwaway network namespace)");
                return ExitCodes.Failure;
            }
            var checks = host.CheckKernel(config);
            Write(host.Out, checks);
            return checks.All(c => c.Present) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    public static void Write(TextWriter output, IReadOnlyList<FeatureCheck> checks)
    {
        if (checks.Count == 0)
        {
            output.WriteLine("this config needs no kernel feature");
            return;
        }
        var width = checks.Max(c => Label(c).Length);
        foreach (var check in checks)
        {
            output.WriteLine($"{(check.Present ? "ok     " : "MISSING")}  {Label(check).PadRight(width)}  needed by {string.Join("; ", check.NeededBy)}");
            if (!check.Present) output.WriteLine($"         {check.Missing}; load it with: {check.LoadCommand}");
        }
        var missing = checks.Where(c => !c.Present).ToList();
        output.WriteLine(missing.Count == 0
            ? $"all {checks.Count} kernel features this config needs are present"
            : $"{missing.Count} of {checks.Count} kernel features this config needs are missing: {string.Join(", ", missing.Select(c => c.Feature))}"
              + $" (as root on the host: {string.Join("; ", missing.Select(c => c.LoadCommand))})");
    }

    private static string Label(FeatureCheck check) => $"{check.Feature} ({check.Module})";
}
