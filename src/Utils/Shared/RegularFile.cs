using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Conlink.Utils;

/// <summary>
/// Reads a small text file the utilities take as input (a mode's env or deps file) as root should: the file
/// itself, never through a symbolic link; only a regular file, so a FIFO cannot hang the read and a device
/// cannot fill memory; and at most <see cref="MaxBytes"/>. Anything else is a message and exit 1 naming the file.
/// </summary>
public static class RegularFile
{
    /// <summary>Far beyond any env or deps file.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Whether there is an entry at <paramref name="path"/> at all (a dangling symbolic link included).</summary>
    public static bool Exists(string path) => EntryStatus.OfPath(path) is not null;

    public static string ReadText(string path, int maxBytes = MaxBytes)
    {
        var fd = LibC.openat(LibC.AT_FDCWD, path, LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw ToolError.Failure(errno == LibC.ELOOP
                ? $"cannot read '{path}': it is a symbolic link, which is not followed (put the file itself there)"
                : $"cannot read '{path}': {LibC.Describe(errno)}");
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var status = EntryStatus.Of(handle);
        if (status.Kind != EntryKind.File)
            throw ToolError.Failure($"cannot read '{path}': it is {(status.Kind == EntryKind.Directory ? "a directory" : "a FIFO, socket or device")}, not a regular file");

        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        var content = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        // Bounded as it is read, not only by the size fstat gave: the file may grow meanwhile.
        while ((read = stream.Read(buffer)) > 0)
        {
            content.Write(buffer, 0, read);
            if (content.Length > maxBytes)
                throw ToolError.Failure($"cannot read '{path}': it is larger than {maxBytes / 1024} KiB");
        }
        content.Position = 0;
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
