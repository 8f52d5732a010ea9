namespace Conlink.E2E.Harness;

/// <summary>Copies of folders of the repository, so tests that write next to a project's files leave the checkout untouched.</summary>
public static class DirectoryTree
{
    /// <summary>Copies every folder and file under <paramref name="from"/> into <paramref name="to"/>, keeping file modes.</summary>
    public static void Copy(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
