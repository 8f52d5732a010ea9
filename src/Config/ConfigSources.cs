namespace Conlink.Config;

/// <summary>
/// The files a configuration is read from: compose files (their top-level and per-service
/// <c>x-network</c> sections) and network files (bare <c>x-network</c> content), in order.
/// </summary>
public sealed record ConfigSources(IReadOnlyList<string> ComposeFiles, IReadOnlyList<string> NetworkFiles)
{
    /// <summary>For each path that came from splitting a longer option value at ':', that value.</summary>
    public IReadOnlyDictionary<string, string> SplitFrom { get; init; } = new Dictionary<string, string>();

    public bool IsEmpty => ComposeFiles.Count == 0 && NetworkFiles.Count == 0;

    /// <summary>
    /// Sources from repeated command-line values, each of which may hold several paths
    /// separated by ':' (as in <c>COMPOSE_FILE</c>); empty segments are ignored.
    /// </summary>
    public static ConfigSources FromOptionValues(IEnumerable<string> composeFiles, IEnumerable<string> networkFiles)
    {
        var splitFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        return new(SplitPaths(composeFiles, splitFrom), SplitPaths(networkFiles, splitFrom)) { SplitFrom = splitFrom };
    }

    /// <summary>
    /// When <paramref name="path"/> is a piece of a value split at ':', a note that names the
    /// value and all its pieces (for an error about that path: the file may be one whose name has a ':'); else "".
    /// </summary>
    public string SplitNote(string path)
    {
        if (!SplitFrom.TryGetValue(path, out var value)) return "";
        var pieces = string.Join(", ", Split(value).Select(p => $"'{p}'"));
        return $" (a piece of '{value}', which was split at ':' into {pieces})";
    }

    private static string[] SplitPaths(IEnumerable<string> values, Dictionary<string, string> splitFrom) =>
        values.SelectMany(value =>
        {
            var pieces = Split(value);
            if (pieces.Length > 1 || (pieces.Length == 1 && pieces[0] != value.Trim()))
                foreach (var piece in pieces) splitFrom.TryAdd(piece, value);
            return pieces;
        }).ToArray();

    private static string[] Split(string value) =>
        value.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
