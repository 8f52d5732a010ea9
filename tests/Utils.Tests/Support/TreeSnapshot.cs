namespace Conlink.Utils.Tests.Support;

/// <summary>Every entry under a directory with its type, mode, owner and content (or link target): to show that nothing there changed.</summary>
public static class TreeSnapshot
{
    public static IReadOnlyList<string> Of(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var info = new FileInfo(path);
                var relative = Path.GetRelativePath(root, path);
                if (info.LinkTarget is { } target) return $"{relative} -> {target}";
                if (Directory.Exists(path)) return $"{relative}/ {File.GetUnixFileMode(path)}";
                return $"{relative} {File.GetUnixFileMode(path)} {File.ReadAllText(path)}";
            })
            .Prepend($"{root}/ {File.GetUnixFileMode(root)}")
            .ToList();

    public static bool IsRoot => Environment.UserName == "root";
}
