using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using static Tmds.Linux.LibC;

namespace Conlink.Host.Files;

/// <summary>
/// Opens the files conlink (root) is named on its command line (the control token, the akka
/// config, a capture's <c>-w</c> file) as root may: never through a symbolic link in the last
/// component (<c>O_NOFOLLOW</c>, so a link planted between a check and the open is refused too),
/// and, for reading, only a regular file of bounded size.
/// </summary>
public static unsafe class NoFollowFile
{
    /// <summary>The whole text of the regular file at <paramref name="path"/>, at most <paramref name="maxBytes"/>, and its mode (from the file opened).</summary>
    /// <param name="what">What the file is, for the messages ("the control token file").</param>
    /// <exception cref="IOException">It is missing, a symbolic link, not a regular file, too large, or cannot be read; the message names it.</exception>
    public static string ReadText(string path, int maxBytes, string what, out UnixFileMode mode)
    {
        using var handle = Open(path, O_RDONLY | O_NONBLOCK, 0, what);
        Tmds.Linux.stat st;
        if (fstat(handle.DangerousGetHandle().ToInt32(), &st) != 0) throw Failure(path, what, Marshal.GetLastPInvokeError());
        if ((st.st_mode & S_IFMT) != S_IFREG) throw new IOException($"{path}: {what} is not a regular file");
        if (st.st_size > maxBytes) throw new IOException($"{path}: {what} is larger than {maxBytes} bytes");
        mode = (UnixFileMode)((int)st.st_mode & 0xFFF);
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        var buffer = new byte[maxBytes + 1];
        var length = 0;
        int n;
        while (length < buffer.Length && (n = stream.Read(buffer, length, buffer.Length - length)) > 0) length += n;
        // The file grew since fstat: the bound holds all the same.
        if (length > maxBytes) throw new IOException($"{path}: {what} is larger than {maxBytes} bytes");
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>Creates <paramref name="path"/>, or empties the file there, for writing (new files get 0666 less the umask); a symbolic link there is refused.</summary>
    /// <exception cref="IOException">It is a symbolic link or cannot be opened; the message names it.</exception>
    public static FileStream CreateOrTruncate(string path, string what, int bufferSize = 64 * 1024) =>
        new(Open(path, O_WRONLY | O_CREAT | O_TRUNC, 0x1B6, what), FileAccess.Write, bufferSize);

    private static SafeFileHandle Open(string path, int flags, int mode, string what)
    {
        if (path.Length == 0 || path.Contains('\0')) throw new IOException($"'{path}': {what} is not a valid path");
        var bytes = Encoding.UTF8.GetBytes(path + '\0');
        int fd;
        fixed (byte* p = bytes) fd = open(p, flags | O_NOFOLLOW | O_CLOEXEC, (Tmds.Linux.mode_t)mode);
        if (fd < 0) throw Failure(path, what, Marshal.GetLastPInvokeError());
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static IOException Failure(string path, string what, int error) => error switch
    {
        _ when error == ELOOP => new IOException($"{path}: {what} is a symbolic link; conlink does not follow links (give the file itself)"),
        _ when error == ENOENT => new FileNotFoundException($"{path}: no such file ({what})", path),
        _ => new IOException($"{path}: cannot open {what}: {Marshal.GetPInvokeErrorMessage(error)}"),
    };
}
