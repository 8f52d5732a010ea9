namespace Conlink.Utils.Mdc;

/// <summary>
/// Builds the merged files directory (MDC_FILES_DIR): for each mode in order, every <c>&lt;mode&gt;/&lt;dir&gt;/files/</c>
/// tree is copied onto <c>MDC_FILES_DIR/&lt;dir&gt;/</c>, so a later mode's file replaces an earlier mode's.
/// Copies keep permissions, modification times and symbolic links, as <c>cp -a</c>.
/// </summary>
public sealed class FilesMerger(string filesDirectory, TextWriter? verboseLog)
{
    public const string FilesSubdirectory = "files";

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
            .Where(source => Directory.Exists(source.Files));

        foreach (var (name, files) in sources)
        {
            var destination = Path.Join(filesDirectory, name);
            verboseLog?.WriteLine($"cp -a {files}/* {destination}");
            CopyTree(new DirectoryInfo(files), destination);
        }
    }

    private static void CopyTree(DirectoryInfo source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in source.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            var target = Path.Join(destination, entry.Name);
            if (entry.LinkTarget is { } linkTarget)
            {
                File.Delete(target);
                File.CreateSymbolicLink(target, linkTarget);
            }
            else if (entry is DirectoryInfo directory)
            {
                CopyTree(directory, target);
            }
            else
            {
                var file = (FileInfo)entry;
                file.CopyTo(target, overwrite: true);
                File.SetUnixFileMode(target, file.UnixFileMode);
                File.SetLastWriteTimeUtc(target, file.LastWriteTimeUtc);
            }
        }
    }
}
