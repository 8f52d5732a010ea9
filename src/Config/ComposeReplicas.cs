using System.Globalization;
using Conlink.Config.Interpolation;
using Conlink.Config.Loading;

namespace Conlink.Config;

/// <summary>
/// How many replicas compose starts of each service: <c>services.NAME.scale</c>, else
/// <c>services.NAME.deploy.replicas</c>, interpolated like the rest of the file; a later compose
/// file overrides an earlier one, as compose merges them. Services that set neither are absent
/// (compose starts one). Values that are not counts are ignored: compose reports them. The loader
/// reads them from the compose files it parses (<see cref="Model.NetworkConfig.Replicas"/>).
/// </summary>
internal static class ComposeReplicas
{
    /// <summary>The counts one compose file gives, from its parsed root.</summary>
    internal static IEnumerable<(string Service, int Count)> FromRoot(MappingNode root, Func<string, string?> environment)
    {
        if (root["services"] is not MappingNode services) yield break;
        foreach (var entry in services.Entries)
        {
            if (entry.Value is not MappingNode service) continue;
            var value = service["scale"] ?? (service["deploy"] as MappingNode)?["replicas"];
            if (value is ScalarNode scalar && Count(scalar, environment) is { } count) yield return (entry.Key, count);
        }
    }

    // Compose accepts a quoted count too ("${NODES:-2}"), so the text decides, not the YAML type.
    private static int? Count(ScalarNode scalar, Func<string, string?> environment) =>
        int.TryParse(Interpolator.Interpolate(scalar.Value, environment).Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : null;
}
