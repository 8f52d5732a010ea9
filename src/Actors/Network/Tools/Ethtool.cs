namespace Conlink.Actors.Network.Tools;

/// <summary>
/// Applies a link's <c>ethtool</c> entries. Each entry <c>"ARG OPTS..."</c> runs as
/// <c>ethtool ARG DEV OPTS...</c> (as the original does), split on whitespace and passed as argv.
/// </summary>
public static class Ethtool
{
    public static IReadOnlyList<string> Arguments(string entry, string dev)
    {
        var words = entry.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new ArgumentException("empty ethtool entry");
        return [words[0], dev, .. words[1..]];
    }
}
