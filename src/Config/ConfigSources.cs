namespace Conlink.Config;

/// <summary>
/// The files a configuration is read from: compose files (their top-level and per-service
/// <c>x-network</c> sections) and network files (bare <c>x-network</c> content), in order.
/// </summary>
public sealed record ConfigSources(IReadOnlyList<string> ComposeFiles, IReadOnlyList<string> NetworkFiles)
{
    public bool IsEmpty => ComposeFiles.Count == 0 && NetworkFiles.Count == 0;

    /// <summary>
    /// Sources from repeated command-line values, each of which may hold several paths
    /// separated by ':' (as in <c>COMPOSE_FILE</c>); empty segments are ignored.
    /// </summary>
    public static ConfigSources FromOptionValues(IEnumerable<string> composeFiles, IEnumerable<string> networkFiles) =>
        new(SplitPaths(composeFiles), SplitPaths(networkFiles));

    private static string[] SplitPaths(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
}
