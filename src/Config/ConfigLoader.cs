using Conlink.Config.Enrichment;
using Conlink.Config.Interpolation;
using Conlink.Config.Loading;
using Conlink.Config.Merging;
using Conlink.Config.Model;
using Conlink.Config.Validation;

namespace Conlink.Config;

/// <summary>
/// Loads the network configuration: read, extract <c>x-network</c>, normalise and merge,
/// interpolate, validate, enrich. Each stage reports all of its problems; a stage with
/// problems stops the pipeline with one <see cref="ConfigException"/> that lists them
/// (parse problems in any file, then interpolation problems, then validation problems).
/// </summary>
public static class ConfigLoader
{
    /// <summary>Reads the files named by <paramref name="sources"/> and loads them.</summary>
    /// <exception cref="ConfigException">The files cannot be read or the configuration is invalid.</exception>
    public static NetworkConfig Load(ConfigSources sources, ConfigLoadOptions options)
    {
        var errors = new List<ConfigError>();
        var documents = ConfigFileReader.ReadAll(sources, errors);
        return Load(documents, options, errors);
    }

    /// <summary>Loads configuration text that is already in memory: the pure part of the pipeline.</summary>
    internal static NetworkConfig Load(IReadOnlyList<ConfigDocument> documents, ConfigLoadOptions options) => Load(documents, options, []);

    private static NetworkConfig Load(IReadOnlyList<ConfigDocument> documents, ConfigLoadOptions options, List<ConfigError> errors)
    {
        var fragments = new List<MappingNode>();
        foreach (var document in documents)
        {
            var root = DocumentParser.Parse(document, errors);
            fragments.AddRange(FragmentExtractor.Extract(document.Kind, root, errors));
        }
        ThrowIfAny(errors);

        var merged = ConfigMerger.Merge(fragments);
        if (merged is null)
            throw new ConfigException([new ConfigError(documents.FirstOrDefault()?.Path ?? "", 0, 0, "",
                "no network configuration found (no x-network section and no network file content)")]);

        var interpolated = (MappingNode)NodeInterpolator.Interpolate(merged, options.Environment, errors);
        ThrowIfAny(errors);

        var declaration = ConfigValidator.Validate(interpolated, options, errors);
        ThrowIfAny(errors);

        return ConfigEnricher.Enrich(declaration, options);
    }

    private static void ThrowIfAny(List<ConfigError> errors)
    {
        if (errors.Count > 0) throw new ConfigException(errors);
    }
}
