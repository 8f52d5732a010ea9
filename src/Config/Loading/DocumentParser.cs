namespace Conlink.Config.Loading;

/// <summary>Parses a document by its extension: .yaml, .yml and .json (and anything unknown) as YAML.</summary>
internal static class DocumentParser
{
    public static ConfigNode? Parse(ConfigDocument document, ICollection<ConfigError> errors)
    {
        if (document.Path.EndsWith(".edn", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new ConfigError(document.Path, 0, 0, "", "EDN files are not supported; write the configuration as YAML or JSON"));
            return null;
        }
        return YamlReader.Read(document.Path, document.Text, errors);
    }
}
