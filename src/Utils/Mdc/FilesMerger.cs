namespace Conlink.Utils.Mdc;

/// <summary>
/// Builds the merged files directory (MDC_FILES_DIR): for each mode in order, every <c>&lt;mode&gt;/&lt;dir&gt;/files/</c>
/// tree is copied onto <c>MDC_FILES_DIR/&lt;dir&gt;/</c>, so a later mode's file replaces an earlier mode's.
/// Copies keep permissions, modification times and symbolic links, as <c>cp -a</c>. The merged tree is written
/// through <see cref="SafeDirectory"/>: a symbolic link an earlier mode put there is replaced, never written
/// through, so no mode writes outside MDC_FILES_DIR. A file where an earlier mode has a directory (or the other
/// way round) is an error naming both; FIFOs, sockets and devices in a mode's files are skipped with a warning.
/// </summary>
public sealed class FilesMerger(string filesDirectory, TextWriter? verboseLog, TextWriter? warnings = null)
{
    public const string FilesSubdirectory = "files";

    private readonly TextWriter _warnings = warnings ?? Console.Error;

    // Which mode put each merged path there, to name it when a later mode conflicts.
    private readonly Dictionary<string, string> _origin = new(StringComparer.Ordinal);

    public void Recreate()
    {
        if (Directory.Exists(filesDirectory))
        {
            verboseLog?.WriteLine($"Removing {filesDirectory}");
            Directory.Delete(filesDirectory, recursive: true);
        }
        Directory.CreateDirectory(filesDirectory);
    }

    public void Merge(Mode mode)
    {
        var sources = Directory.EnumerateDirectories(mode.Path)
            .Where(directory => !Path.GetFileName(directory).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(directory => (Name: Path.GetFileName(directory), Files: Path.Join(directory, FilesSubdirectory)))
            .Where(source => new DirectoryInfo(source.Files) is { Exists: true, LinkTarget: null });

        using var root = SafeDirectory.Open(filesDirectory);
        foreach (var (name, files) in sources)
        {
            verboseLog?.WriteLine($"cp -a {files}/* {Path.Join(filesDirectory, name)}");
            using var destination = root.OpenOrCreateDirectory(name, existing => Conflict(mode, name, "a directory", existing));
            CopyTree(mode, new DirectoryInfo(files), destination, name);
        }
    }

    private void CopyTree(Mode mode, DirectoryInfo source, SafeDirectory destination, string relative)
    {
        var entries = source.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false });
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = $"{relative}/{entry.Name}";
            if (entry.LinkTarget is { } linkTarget)
            {
                destination.WriteSymbolicLink(entry.Name, linkTarget, existing => Conflict(mode, path, "a symbolic link", existing));
            }
            else if (entry is DirectoryInfo directory)
            {
                using var child = destination.OpenOrCreateDirectory(entry.Name, existing => Conflict(mode, path, "a directory", existing));
                CopyTree(mode, directory, child, path);
            }
            else if (SafeDirectory.OpenRegularFile(entry.FullName) is { } input)
            {
                using (input)
                {
                    var status = EntryStatus.Of(input);
                    using var stream = new FileStream(input, FileAccess.Read, bufferSize: 0);
                    destination.WriteFile(entry.Name, output => stream.CopyTo(output), _ => status.Mode, status.ModifiedUtc,
                        existing => Conflict(mode, path, "a file", existing));
                }
            }
            else
            {
                _warnings.WriteLine($"mdc: skipping '{entry.FullName}': not a regular file (a FIFO, socket or device)");
                continue;
            }
            _origin[path] = mode.Name;
        }
    }

    private string Conflict(Mode mode, string path, string what, EntryStatus existing)
    {
        var kind = existing.Kind switch
        {
            EntryKind.Directory => "a directory",
            EntryKind.File => "a file",
            EntryKind.SymbolicLink => "a symbolic link",
            _ => "a special file",
        };
        var earlier = _origin.TryGetValue(path, out var origin) ? $"mode '{origin}'" : "an earlier mode";
        return $"mode '{mode.Name}' has {what} at '{path}' where {earlier} has {kind} (in {Path.Join(filesDirectory, path)}); "
            + "a mode can replace a file or link of an earlier mode, not a directory by a file or a file by a directory";
    }
}
