using Conlink.Config;
using Conlink.Config.Model;

namespace Conlink.Testing;

/// <summary>How the engine host loads its config, so that a test planning the same files gets the same plans.</summary>
public static class EngineHostConfig
{
    /// <param name="environment">Looks up variables for interpolation.</param>
    public static NetworkConfig Load(IReadOnlyList<string> composeFiles, Func<string, string?> environment) =>
        ConfigLoader.Load(new ConfigSources(composeFiles, []),
            new ConfigLoadOptions { DefaultBridgeMode = BridgeMode.Linux, Environment = environment });
}
