using System.CommandLine;
using Conlink.Cli.Shell;
using Conlink.Config;
using Conlink.Config.Model;

namespace Conlink.Cli.Commands;

/// <summary>
/// The options that decide which configuration is loaded and how, shared by every command that
/// reads configuration: the file options (repeatable, ':'-separated), the default bridge mode
/// and MTU, and veth offload.
/// </summary>
internal sealed class ConfigInputOptions
{
    public const string BridgeModeVariable = "CONLINK_BRIDGE_MODE";
    private const string OpenvswitchModule = "openvswitch";

    private readonly CliHost _host;

    public ConfigInputOptions(CliHost host)
    {
        _host = host;
        DefaultBridgeMode = new Option<string>("--default-bridge-mode")
        {
            Description = "Mode of bridges that have no mode of their own: ovs, linux, patch, or auto (ovs when the "
                + $"openvswitch kernel module is loaded and ovs-vsctl is installed, else linux). [env: {BridgeModeVariable}]",
            HelpName = "auto|ovs|linux|patch",
            DefaultValueFactory = _ => host.GetEnvironmentVariable(BridgeModeVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : "auto",
        };
        DefaultBridgeMode.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (ParseBridgeMode(text) is null)
            {
                var source = result.Implicit ? BridgeModeVariable : "--default-bridge-mode";
                result.AddError($"{source}: '{text}' is not a bridge mode (expected one of: auto, ovs, linux, patch)");
            }
        });
    }

    public Option<string[]> ComposeFiles { get; } = new("--compose-file")
    {
        Description = "Compose file whose x-network sections (top level and per service) hold network config. "
            + "Repeatable; one value may list several files separated by ':', as COMPOSE_FILE does.",
        HelpName = "FILE",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> NetworkFiles { get; } = new("--network-file")
    {
        Description = "Network config file: YAML or JSON with links, bridges, tunnels and commands at the top level. "
            + "Repeatable; ':'-separated lists allowed. Read after the compose files.",
        HelpName = "FILE",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string> DefaultBridgeMode { get; }

    public Option<int> DefaultMtu { get; } = new("--default-mtu")
    {
        Description = "MTU of links that set none, except the *vlan/*vtap types, which inherit their parent's.",
        HelpName = "MTU",
        DefaultValueFactory = _ => ConfigLoadOptions.MaxMtu,
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            if (int.TryParse(text, out var mtu) && mtu is >= ConfigLoadOptions.MinMtu and <= ConfigLoadOptions.MaxMtu) return mtu;
            result.AddError($"--default-mtu must be an integer from {ConfigLoadOptions.MinMtu} to {ConfigLoadOptions.MaxMtu}, not '{text}'");
            return ConfigLoadOptions.MaxMtu;
        },
    };

    public Option<bool> KeepVethOffload { get; } = new("--keep-veth-offload")
    {
        Description = "Do not add '--offload tx off' as the first ethtool setting of veth links.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ComposeFiles);
        command.Options.Add(NetworkFiles);
        command.Options.Add(DefaultBridgeMode);
        command.Options.Add(DefaultMtu);
        command.Options.Add(KeepVethOffload);
    }

    public ConfigSources Sources(ParseResult result) =>
        ConfigSources.FromOptionValues(result.GetValue(ComposeFiles) ?? [], result.GetValue(NetworkFiles) ?? []);

    public ConfigLoadOptions LoadOptions(ParseResult result) => new()
    {
        DefaultMtu = result.GetValue(DefaultMtu),
        DefaultBridgeMode = ParseBridgeMode(result.GetValue(DefaultBridgeMode)!) ?? BridgeMode.Auto,
        AutoBridgeMode = AutoBridge().Mode,
        KeepVethOffload = result.GetValue(KeepVethOffload),
        Environment = _host.GetEnvironmentVariable,
    };

    /// <summary>What bridge mode auto resolves to here, and why linux when it does.</summary>
    public AutoBridgeChoice AutoBridge() =>
        AutoBridgeChoice.Decide(_host.IsKernelModuleLoaded(OpenvswitchModule), _host.IsOvsVsctlInstalled());

    /// <summary>
    /// Loads the configuration, or reports why not on stderr and returns null with the exit
    /// code to use: usage for no files, failure for configuration errors.
    /// </summary>
    public NetworkConfig? TryLoad(ParseResult result, out int exitCode)
    {
        var sources = Sources(result);
        if (sources.IsEmpty)
        {
            _host.Error.WriteLine("conlink: either --compose-file or --network-file is required");
            exitCode = ExitCodes.Usage;
            return null;
        }
        try
        {
            exitCode = ExitCodes.Ok;
            return ConfigLoader.Load(sources, LoadOptions(result));
        }
        catch (ConfigException e)
        {
            foreach (var line in e.ReportLines()) _host.Error.WriteLine(line);
            _host.Error.WriteLine($"conlink: {e.Errors.Count} configuration error{(e.Errors.Count == 1 ? "" : "s")}");
            exitCode = ExitCodes.Failure;
            return null;
        }
    }

    private static BridgeMode? ParseBridgeMode(string text) => text.ToLowerInvariant() switch
    {
        "auto" => BridgeMode.Auto,
        "ovs" => BridgeMode.Ovs,
        "linux" => BridgeMode.Linux,
        "patch" => BridgeMode.Patch,
        _ => null,
    };
}
