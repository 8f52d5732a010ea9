using System.CommandLine;
using Conlink.Cli.Running;
using Conlink.Cli.Shell;
using Conlink.Config.Model;
using Conlink.Config.Output;
using Conlink.Host.Logging;

namespace Conlink.Cli.Commands;

/// <summary>
/// The root command, with the original conlink's flags: loads the configuration, then either
/// prints it (<c>--show-config</c>) or runs.
/// </summary>
internal static class RunCommand
{
    public const string VerboseVariable = "VERBOSE";

    public static RootCommand Create(CliHost host)
    {
        var inputs = new ConfigInputOptions(host);
        var runOptions = new RunModeOptions();
        var clusterOptions = new ClusterModeOptions(host);
        var composeProject = new Option<string?>("--compose-project")
        {
            Description = "Compose project whose service links apply. Defaults to conlink's own project when it runs as a compose service; "
                + "without either, service links apply to containers of any project.",
            HelpName = "NAME",
        };
        var dockerSocket = new Option<string>("--docker-socket")
        {
            Description = "Docker socket to listen to.",
            HelpName = "PATH",
            DefaultValueFactory = _ => "/var/run/docker.sock",
        };
        var podmanSocket = new Option<string>("--podman-socket")
        {
            Description = "Podman socket to listen to.",
            HelpName = "PATH",
            DefaultValueFactory = _ => "/var/run/podman/podman.sock",
        };
        var configSchema = new Option<string?>("--config-schema")
        {
            Description = "Accepted for compatibility with the original conlink and ignored: the schema is built in.",
            HelpName = "FILE",
        };
        var showConfig = new Option<bool>("--show-config")
        {
            Description = "Print the loaded network config as JSON and exit. Needs neither Docker nor root.",
        };
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = $"Show verbose output (on stderr). [env: {VerboseVariable}]",
            DefaultValueFactory = _ => IsSet(host.GetEnvironmentVariable(VerboseVariable)),
        };

        var root = new RootCommand(
            "conlink: declarative low-level networking for Docker Compose containers. Without a subcommand, conlink "
            + "watches Docker (and Podman) and gives each container that starts the links its x-network config declares.");
        inputs.AddTo(root);
        root.Options.Add(composeProject);
        root.Options.Add(dockerSocket);
        root.Options.Add(podmanSocket);
        root.Options.Add(configSchema);
        root.Options.Add(showConfig);
        root.Options.Add(verbose);
        runOptions.AddTo(root);
        clusterOptions.AddTo(root);

        root.SetAction(async (result, cancellation) =>
        {
            if (inputs.TryLoad(result, out var exitCode) is not { } config) return exitCode;
            var run = runOptions.Read(result);
            var log = new LogOutput(host.Error, run.LogFormat == "json" ? LogFormat.Json : LogFormat.Text);
            WarnAboutAutoFallback(config, inputs.AutoBridge(), log);
            if (result.GetValue(showConfig))
            {
                host.Out.WriteLine(ShowConfigWriter.ToJson(config));
                return ExitCodes.Ok;
            }
            if (result.GetValue(verbose))
                log.Info($"network config:{Environment.NewLine}{ShowConfigWriter.ToJson(config)}");
            Host.Cluster.ClusterSettings? cluster;
            try
            {
                cluster = clusterOptions.Read(result);
            }
            catch (FormatException e)
            {
                host.Error.WriteLine($"conlink: {e.Message}");
                return ExitCodes.Usage;
            }
            if (cluster is null && config.Bridges.Values.Any(b => b.Span is not null))
                log.Warning("bridges with 'span: cluster' reach no other host without --cluster-bind: they stay local");
            var settings = new RunSettings(
                config,
                inputs.LoadOptions(result),
                inputs.Sources(result),
                result.GetValue(composeProject),
                result.GetValue(dockerSocket)!,
                result.GetValue(podmanSocket)!,
                result.GetValue(verbose),
                run,
                cluster);
            return await RunMode.RunAsync(settings, host, log, cancellation);
        });
        return root;
    }

    private static void WarnAboutAutoFallback(NetworkConfig config, AutoBridgeChoice auto, LogOutput log)
    {
        var fallbacks = config.Bridges.Values.Where(b => b is { ModeWasAuto: true, Mode: BridgeMode.Linux }).Select(b => b.Name).ToList();
        if (fallbacks.Count > 0)
            log.Warning($"bridge mode 'auto' uses 'linux' for {string.Join(", ", fallbacks)}: {auto.LinuxBecause}");
    }

    private static bool IsSet(string? value) =>
        value is { Length: > 0 } && !value.Equals("0", StringComparison.Ordinal) && !value.Equals("false", StringComparison.OrdinalIgnoreCase);
}
