using System.Collections.Concurrent;
using System.Globalization;
using Conlink.Syntax.Netem;

namespace Conlink.Netlink.Tc;

/// <summary>
/// Loads netem's delay distribution tables (<c>normal.dist</c>, ...) from where iproute2 installs
/// them, read the way tc reads them, once per process.
/// </summary>
internal static class DistributionTables
{
    /// <summary>tc's MAX_DIST: at most this many entries are sent.</summary>
    public const int MaxEntries = 16 * 1024;

    private static readonly ConcurrentDictionary<NetemDistribution, short[]> Cache = new();

    /// <summary>Directories tc looks in (TC_LIB_DIR first), plus the usual multiarch ones.</summary>
    public static IEnumerable<string> SearchPath()
    {
        if (Environment.GetEnvironmentVariable("TC_LIB_DIR") is { Length: > 0 } custom) yield return custom;
        yield return "/usr/lib/tc";
        yield return "/usr/lib64/tc";
        yield return "/usr/lib/x86_64-linux-gnu/tc";
        yield return "/usr/lib/aarch64-linux-gnu/tc";
        yield return "/usr/local/lib/tc";
    }

    public static string FileName(NetemDistribution distribution) => distribution.ToString().ToLowerInvariant() + ".dist";

    /// <summary>The table for a distribution (empty for uniform, which needs none).</summary>
    public static short[] Get(NetemDistribution distribution) =>
        distribution == NetemDistribution.Uniform ? [] : Cache.GetOrAdd(distribution, d => Load(d, SearchPath()));

    internal static short[] Load(NetemDistribution distribution, IEnumerable<string> directories)
    {
        var name = FileName(distribution);
        var path = directories.Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"netem distribution '{distribution.ToString().ToLowerInvariant()}' needs the table {name}, which iproute2 installs; " +
                $"none found in {string.Join(", ", directories)} (install iproute2, or set TC_LIB_DIR)", name);
        return Parse(File.ReadLines(path));
    }

    /// <summary>Lines of whitespace-separated integers; lines starting with '#' and empty lines are skipped.</summary>
    internal static short[] Parse(IEnumerable<string> lines)
    {
        var values = new List<short>();
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            foreach (var token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) break;
                if (values.Count >= MaxEntries) throw new InvalidDataException($"a netem distribution table has more than {MaxEntries} entries");
                values.Add(unchecked((short)value));
            }
        }
        return [.. values];
    }
}
