using System.Text;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Conlink.Config.Loading;

/// <summary>
/// Reads a configuration file as conlink (root) may: the file itself, never through a symbolic
/// link in its last component; only a regular file, so that a FIFO cannot hang the read and a
/// device such as <c>/dev/zero</c> cannot fill memory; and at most <see cref="MaxBytes"/>.
/// Text is UTF-8 unless a byte order mark says otherwise, as <see cref="File.ReadAllText(string)"/> reads it.
/// Every file conlink reads from a path it is given goes through here: compose and network files
/// (also on a reload), fault schedules and the cluster's certificate file.
/// </summary>
public static unsafe class SafeFileReader
{
    /// <summary>The largest configuration file read: far beyond any real one (20 000 services take about 1 MB).</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <summary>The file's text, or null with the reason it cannot be read, phrased to follow "cannot read file: ".</summary>
    public static string? TryRead(string path, out string? problem, int maxBytes = MaxBytes, string what = "a configuration file")
    {
        if (TryReadBytes(path, out problem, maxBytes, what) is not { } bytes) return null;
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>The file's bytes, or null with the reason it cannot be read; <paramref name="what"/> names the kind of file in the size message.</summary>
    public static byte[]? TryReadBytes(string path, out string? problem, int maxBytes = MaxBytes, string what = "a configuration file")
    {
        problem = null;
        if (path.Length == 0 || path.Contains('\0'))
        {
            problem = "not a valid path";
            return null;
        }
        var bytes = Encoding.UTF8.GetBytes(path + '\0');
        int fd;
        fixed (byte* p = bytes) fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
        if (fd < 0)
        {
            problem = OpenProblem(errno);
            return null;
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        stat st;
        if (fstat(fd, &st) != 0)
        {
            problem = Strerror(errno);
            return null;
        }
        var type = st.st_mode & S_IFMT;
        if (type != S_IFREG)
        {
            problem = type == S_IFDIR ? "it is a directory"
                : type == S_IFIFO ? "it is a FIFO, not a regular file"
                : type == S_IFCHR || type == S_IFBLK ? "it is a device, not a regular file"
                : type == S_IFSOCK ? "it is a socket, not a regular file"
                : "it is not a regular file";
            return null;
        }
        if (st.st_size > maxBytes)
        {
            problem = $"it is {Size(st.st_size)}, larger than the {Size(maxBytes)} {what} may be";
            return null;
        }
        try
        {
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            var content = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                content.Write(buffer, 0, read);
                // The file grew since fstat: the limit holds all the same.
                if (content.Length > maxBytes)
                {
                    problem = $"it is larger than the {Size(maxBytes)} {what} may be";
                    return null;
                }
            }
            return content.ToArray();
        }
        catch (IOException e)
        {
            problem = e.Message;
            return null;
        }
    }

    private static string OpenProblem(int error) =>
        error == ENOENT ? "file not found"
        : error == EACCES || error == EPERM ? "permission denied"
        : error == ELOOP ? "it is a symbolic link, which conlink does not follow (name the file it points to)"
        : error == ENOTDIR ? "a directory in its path is not a directory"
        : error == ENAMETOOLONG ? "the path is too long"
        : Strerror(error);

    private static string Strerror(int error) => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error);

    private static string Size(long bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
        ? $"{bytes / (1024 * 1024)} MiB"
        : bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):F1} MiB" : $"{bytes} bytes";
}
