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
                var text = TryRead(path, errors);
                if (text is not null) documents.Add(new ConfigDocument(path, kind, text));
            }
        }
        return documents;
    }

    private static string? TryRead(string path, ICollection<ConfigError> errors)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "file not found",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            errors.Add(new ConfigError(path, 0, 0, "", $"cannot read file: {reason}"));
            return null;
        }
    }
}
