using System.Security.Cryptography;
using Conlink.Host.Files;

namespace Conlink.Host.Control.Access;

/// <summary>
/// The token that lets a TCP client change things (<c>--control-token-file</c>). A missing file is
/// created 0600 with a new random token; an existing one must be a regular file (not a symlink),
/// readable by its owner only, and small.
/// </summary>
public static class ControlToken
{
    private const int MaxBytes = 4096;

    /// <exception cref="InvalidOperationException">The file is unsafe or empty; the message names it.</exception>
    public static string LoadOrCreate(string path)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("conlink runs on Linux");
        var info = new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null)
        {
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            created.Write(System.Text.Encoding.ASCII.GetBytes(token + "\n"));
            return token;
        }
        var text = ReadBounded(path, out var mode);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            throw new InvalidOperationException($"{path}: the control token file is readable or writable by others; chmod 600 it");
        if (text.Length == 0) throw new InvalidOperationException($"{path}: the control token file is empty");
        return text;
    }

    /// <summary>The token a client sends, read from the same file (bounded; symlinks refused).</summary>
    public static string Read(string path) => ReadBounded(path, out _);

    /// <summary>The file's text, trimmed; opened without following a symlink, a regular file of at most <see cref="MaxBytes"/>, the mode from the file read.</summary>
    private static string ReadBounded(string path, out UnixFileMode mode)
    {
        try
        {
            return NoFollowFile.ReadText(path, MaxBytes, "the control token file", out mode).Trim();
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }
}
