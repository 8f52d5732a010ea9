namespace Conlink.Utils.Mdc;

/// <summary>Every mode found in the MODES_DIR directories: each sub-directory is a mode named after it.</summary>
public sealed class ModeCatalog
{
    public const string DepsFileName = "deps";

    private readonly IReadOnlyDictionary<string, Mode> _modes;

    public ModeCatalog(IEnumerable<Mode> modes, IReadOnlyList<string> directories)
    {
        var byName = modes.GroupBy(mode => mode.Name, StringComparer.Ordinal).ToArray();
        var duplicates = byName
            .Where(group => group.Count() > 1)
            .Select(group => $"mode '{group.Key}' is defined in more than one place: {string.Join(", ", group.Select(mode => mode.Path))}")
            .ToArray();
        if (duplicates.Length > 0)
            throw ToolError.Failure(string.Join("; ", duplicates));

        _modes = byName.ToDictionary(group => group.Key, group => group.Single(), StringComparer.Ordinal);
        Directories = directories;
    }

    /// <summary>Where the modes were looked for, as given.</summary>
    public IReadOnlyList<string> Directories { get; }

    public bool TryGet(string name, out Mode mode) => _modes.TryGetValue(name, out mode!);

    public static ModeCatalog Load(IReadOnlyList<string> directories) =>
        new(directories.SelectMany(LoadDirectory).ToArray(), directories);

    private static IEnumerable<Mode> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw ToolError.Failure($"modes directory '{directory}' does not exist (MODES_DIR)");

        return Directory.EnumerateDirectories(directory)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                var path = Path.Join(directory, name);
                var depsFile = Path.Join(path, DepsFileName);
                var dependencies = RegularFile.Exists(depsFile) ? DependencyParser.Parse(RegularFile.ReadText(depsFile)) : [];
                return new Mode(name!, path, dependencies);
            });
    }
}
