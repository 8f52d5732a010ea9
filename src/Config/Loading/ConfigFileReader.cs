namespace Conlink.Config.Loading;

/// <summary>Reads the files named by <see cref="ConfigSources"/>: the only stage that touches the file system.</summary>
internal static class ConfigFileReader
{
    public static IReadOnlyList<ConfigDocument> ReadAll(ConfigSources sources, ICollection<ConfigError> errors)
    {
        var documents = new List<ConfigDocument>();
        foreach (var (paths, kind) in new[] { (sources.ComposeFiles, ConfigDocumentKind.Compose), (sources.NetworkFiles, ConfigDocumentKind.Network) })
        {
            foreach (var path in paths)
            {
                var text = SafeFileReader.TryRead(path, out var problem);
                if (text is not null) documents.Add(new ConfigDocument(path, kind, text));
                else errors.Add(new ConfigError(path, 0, 0, "", $"cannot read file: {problem}{sources.SplitNote(path)}"));
            }
        }
        return documents;
    }
}
