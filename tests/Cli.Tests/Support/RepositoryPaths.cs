namespace Conlink.Cli.Tests.Support;

/// <summary>Files of the repository the tests run from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Conlink.sln"))) return directory.FullName;
        throw new InvalidOperationException($"no Conlink.sln above {AppContext.BaseDirectory}");
    }
}
