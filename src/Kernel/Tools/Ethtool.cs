namespace Conlink.Kernel.Tools;

/// <summary>
/// A link's <c>ethtool</c> entries. Each entry <c>"ARG OPTS..."</c> runs as <c>ethtool ARG DEV OPTS...</c>
/// (as the original does), split on whitespace and passed as argv; an entry that only switches tx
/// checksumming, like the veth default <c>--offload tx off</c>, is done in-process instead.
/// </summary>
public static class Ethtool
{
    public static IReadOnlyList<string> Arguments(string entry, string dev)
    {
        var words = Words(entry);
        if (words.Length == 0) throw new ArgumentException("empty ethtool entry");
        return [words[0], dev, .. words[1..]];
    }

    /// <summary>The tx checksumming an entry sets when that is all it does (<c>-K|--offload|--features tx on|off</c>); otherwise null.</summary>
    public static bool? TxChecksumming(string entry) => Words(entry) switch
    {
        ["-K" or "--offload" or "--features", "tx", "on"] => true,
        ["-K" or "--offload" or "--features", "tx", "off"] => false,
        _ => null,
    };

    private static string[] Words(string entry) => entry.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
