namespace Conlink.E2E.Harness;

/// <summary>Paths in this repository, whatever folder the tests run from.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    /// <summary>The folder holding Conlink.sln.</summary>
    public static string Root => RootDirectory.Value;

    /// <summary>The full path of a file or folder given relative to the repository root.</summary>
    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Conlink.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"no Conlink.sln above {AppContext.BaseDirectory}");
    }
}
