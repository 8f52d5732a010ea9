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
        ThrowIfAny(errors, sources.ComposeFiles.Concat(sources.NetworkFiles).ToList());
        return Load(documents, options);
    }

    /// <summary>Loads configuration text that is already in memory: the pure part of the pipeline.</summary>
    internal static NetworkConfig Load(IReadOnlyList<ConfigDocument> documents, ConfigLoadOptions options)
    {
        var errors = new List<ConfigError>();
        var files = documents.Select(d => d.Path).ToList();
        var fragments = new List<MappingNode>();
        var replicas = new Dictionary<string, int>(options.Replicas, StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var root = DocumentParser.Parse(document, errors);
            fragments.AddRange(FragmentExtractor.Extract(document.Kind, root, errors));
            if (document.Kind == ConfigDocumentKind.Compose && root is MappingNode composeRoot)
                foreach (var (service, count) in ComposeReplicas.FromRoot(composeRoot, options.Environment)) replicas[service] = count;
        }
        ThrowIfAny(errors, files);

        var merged = ConfigMerger.Merge(fragments);
        if (merged is null)
            throw new ConfigException([new ConfigError(documents.FirstOrDefault()?.Path ?? "", 0, 0, "",
                "no network configuration found (no x-network section and no network file content)")]);

        var interpolated = (MappingNode)NodeInterpolator.Interpolate(merged, options.Environment, errors);
        ThrowIfAny(errors, files);

        var declaration = ConfigValidator.Validate(interpolated, options, replicas, errors);
        ThrowIfAny(errors, files);

        return ConfigEnricher.Enrich(declaration, options) with { Replicas = replicas };
    }

    /// <summary>Throws the errors found so far, ordered as the files were given and by position within each.</summary>
    private static void ThrowIfAny(List<ConfigError> errors, List<string> files)
    {
        if (errors.Count == 0) return;
        throw new ConfigException(errors
            .OrderBy(e => files.IndexOf(e.File) is var index and >= 0 ? index : int.MaxValue)
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Column)
            .ToList());
    }
}
