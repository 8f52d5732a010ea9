namespace Conlink.Architecture.Tests;

/// <summary>The repository the tests were built from: the directory above them that holds Conlink.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = Find(AppContext.BaseDirectory);

    private static string Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Conlink.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Conlink.sln above {start}");
    }
}
