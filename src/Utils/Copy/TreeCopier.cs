using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Conlink.Utils.Copy;

/// <summary>
/// Copies every regular file under a source directory to the same relative path under a destination directory,
/// creating directories on the way and giving each copy its source's permission bits. Symbolic links in the
/// source are skipped, and so (with a warning) are FIFOs, sockets and devices, which would hang the copy or
/// never end. Copy usually runs as root: the destination is written through <see cref="SafeDirectory"/>, so a
/// symbolic link already in it is replaced, never followed; each copy is created 0600 and gets its mode before
/// it gets its name; and a copy whose owner (or group) is not its source's loses the setuid (or setgid) bit.
/// </summary>
public sealed class TreeCopier(Func<string, string?>? templateVariables, TextWriter log)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public void Copy(string sourceDirectory, string destinationDirectory)
    {
        if (!Directory.Exists(sourceDirectory))
            throw ToolError.Usage($"not a directory: '{sourceDirectory}'");
        if (!Directory.Exists(destinationDirectory))
            throw ToolError.Usage($"not a directory: '{destinationDirectory}'");

        var files = new List<string>();
        Collect(new DirectoryInfo(sourceDirectory), "", files);
        using var destinationRoot = SafeDirectory.Open(destinationDirectory);
        foreach (var relative in files.Order(StringComparer.Ordinal))
        {
            var source = Path.Join(sourceDirectory, relative);
            var destination = Path.Join(destinationDirectory, relative);
            try
            {
                CopyFile(source, destination, relative, destinationRoot);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw ToolError.Failure($"cannot copy '{source}' to '{destination}': {e.Message}");
            }
        }
    }

    private void Collect(DirectoryInfo directory, string relative, List<string> files)
    {
        var entries = directory.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false });
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = relative.Length == 0 ? entry.Name : $"{relative}/{entry.Name}";
            if (entry.LinkTarget is not null) continue;
            if (entry is DirectoryInfo child) Collect(child, path, files);
            else if (EntryStatus.OfPath(entry.FullName) is { Kind: EntryKind.File }) files.Add(path);
            else log.WriteLine($"copy: skipping '{entry.FullName}': not a regular file (a FIFO, socket or device)");
        }
    }

    private void CopyFile(string source, string destination, string relative, SafeDirectory destinationRoot)
    {
        using var input = OpenSource(source);
        if (input is null) return;
        var status = EntryStatus.Of(input);
        log.WriteLine($"copy: '{source}' -> '{destination}'");

        var parts = relative.Split('/');
        var directories = new List<SafeDirectory>();
        try
        {
            var directory = destinationRoot;
            foreach (var part in parts[..^1])
            {
                directory = directory.OpenOrCreateDirectory(part);
                directories.Add(directory);
            }
            using var stream = new FileStream(input, FileAccess.Read, bufferSize: 0);
            directory.WriteFile(parts[^1], output =>
            {
                if (templateVariables is null) stream.CopyTo(output);
                else output.Write(Render(ReadAll(stream), destination));
            }, copy => ModeFor(status, copy));
        }
        finally
        {
            foreach (var directory in directories) directory.Dispose();
        }
    }

    /// <summary>The source's mode bits, less setuid when the copy's owner differs and setgid when its group does.</summary>
    public static UnixFileMode ModeFor(EntryStatus source, EntryStatus copy)
    {
        var mode = source.Mode;
        if (copy.Uid != source.Uid) mode &= ~UnixFileMode.SetUser;
        if (copy.Gid != source.Gid) mode &= ~UnixFileMode.SetGroup;
        return mode;
    }

    // Opened without following a link and without blocking, then checked again: the entry may have changed since the walk.
    private SafeFileHandle? OpenSource(string source)
    {
        if (SafeDirectory.OpenRegularFile(source) is { } handle) return handle;
        log.WriteLine($"copy: skipping '{source}': not a regular file (a FIFO, socket or device)");
        return null;
    }

    private static byte[] ReadAll(Stream stream)
    {
        var content = new MemoryStream();
        stream.CopyTo(content);
        return content.ToArray();
    }

    private byte[] Render(byte[] content, string destination)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            log.WriteLine($"copy: '{destination}' is not UTF-8 text, copied without templating");
            return content;
        }

        var rendered = TemplateRenderer.Render(text, templateVariables!);
        foreach (var name in rendered.ReplacedNames)
            log.WriteLine($"copy: replaced '{{{{{name}}}}}' in '{destination}'");
        return rendered.ReplacedNames.Count == 0 ? content : StrictUtf8.GetBytes(rendered.Text);
    }
}
