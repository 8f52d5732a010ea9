using Conlink.Config.Loading;
using Conlink.Config.Model;

namespace Conlink.Config.Validation;

/// <summary>Checks one <c>bridges</c> entry: a name and an optional mode (default: the default bridge mode).</summary>
internal static class BridgeValidator
{
    public static BridgeSpec? Validate(ConfigNode item, BridgeMode defaultMode, ICollection<ConfigError> errors)
    {
        if (NodeValues.Mapping(item, errors) is not { } bridge) return null;
        var errorsBefore = errors.Count;
        NodeValues.RejectUnknownKeys(bridge, ConfigKeys.Bridge, errors);
        var name = bridge["bridge"] is { } nameNode ? ValueReaders.InterfaceNameValue(nameNode, errors) : null;
        if (!bridge.Contains("bridge"))
            errors.Add(bridge.Location.Error("'bridge' (the bridge name) is required"));
        var mode = bridge["mode"] is { } modeNode ? ValueReaders.Enum<BridgeMode>(modeNode, "bridge mode", errors) : defaultMode;
        return errors.Count > errorsBefore ? null : new BridgeSpec(name!, mode!.Value);
    }
}
