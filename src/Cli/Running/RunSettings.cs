using Conlink.Config;
using Conlink.Config.Model;

namespace Conlink.Cli.Running;

/// <summary>Everything run mode needs: the loaded configuration and the root command's flags.</summary>
internal sealed record RunSettings(
    NetworkConfig Config,
    ConfigLoadOptions LoadOptions,
    ConfigSources Sources,
    string? ComposeProject,
    string DockerSocket,
    string PodmanSocket,
    bool Verbose,
    RunModeSettings Run);
