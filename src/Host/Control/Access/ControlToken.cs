using System.Security.Cryptography;

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
        if (info.LinkTarget is not null) throw new InvalidOperationException($"{path}: the control token file is a symlink; give the file itself");
        if ((info.UnixFileMode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            throw new InvalidOperationException($"{path}: the control token file is readable or writable by others; chmod 600 it");
        if (info.Length > MaxBytes) throw new InvalidOperationException($"{path}: the control token file is larger than {MaxBytes} bytes");
        var text = File.ReadAllText(path).Trim();
        if (text.Length == 0) throw new InvalidOperationException($"{path}: the control token file is empty");
        return text;
    }

    /// <summary>The token a client sends, read from the same file (bounded; symlinks refused).</summary>
    public static string Read(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) throw new InvalidOperationException($"{path}: the control token file is a symlink; give the file itself");
        if (!info.Exists) throw new InvalidOperationException($"{path}: no such control token file");
        if (info.Length > MaxBytes) throw new InvalidOperationException($"{path}: the control token file is larger than {MaxBytes} bytes");
        return File.ReadAllText(path).Trim();
    }
}
