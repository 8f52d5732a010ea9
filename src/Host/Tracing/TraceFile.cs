namespace Conlink.Host.Tracing;

/// <summary>
/// The <c>--trace</c> file as conlink (root) may write it: created new, mode 0600, never through a
/// symbolic link and never into a file that is already there. An existing trace file (a regular
/// file) is rotated to <c>FILE.1</c> first; a symbolic link or anything else at the path is refused.
/// </summary>
/// <remarks>
/// <see cref="FileMode.CreateNew"/> is <c>O_CREAT|O_EXCL</c>, which fails on any existing name,
/// a symbolic link included, without following it: a link planted after the check is refused too.
/// <c>rename(2)</c> replaces the name <c>FILE.1</c> itself, so a link planted there is replaced, not followed.
/// </remarks>
public static class TraceFile
{
    /// <exception cref="IOException">The path is a symbolic link or a directory, or cannot be created.</exception>
    public static FileStream Create(string path)
    {
        if (File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null) Rotate(path);
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("conlink runs on Linux");
        return new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            BufferSize = 1 << 16,
            Options = FileOptions.Asynchronous,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
    }

    /// <summary>
    /// Moves what is at <paramref name="path"/> to <c>FILE.1</c>, replacing the previous one. Only the
    /// name moves: nothing is opened, so even a FIFO put there is harmless.
    /// </summary>
    public static void Rotate(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
            throw new IOException($"trace file {path} is a symbolic link; conlink does not write through links (name the file itself)");
        if (Directory.Exists(path)) throw new IOException($"trace file {path} is a directory");
        File.Move(path, RotatedPath(path), overwrite: true);
    }

    public static string RotatedPath(string path) => path + ".1";
}
