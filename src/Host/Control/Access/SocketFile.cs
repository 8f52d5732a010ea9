using System.Net.Sockets;
using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Conlink.Host.Control.Access;

/// <summary>
/// The file of the control server's Unix socket: what may be there before it listens, and who may
/// open it once it does (mode 0600 root, or 0660 with the control group).
/// </summary>
public static unsafe class SocketFile
{
    public enum Kind
    {
        Missing,
        Socket,
        Other,
    }

    /// <summary>What is at <paramref name="path"/>, without following a symlink (a symlink is <see cref="Kind.Other"/>).</summary>
    public static Kind KindOf(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        Tmds.Linux.statx buf;
        fixed (byte* p = bytes)
        {
            if (statx(AT_FDCWD, p, AT_SYMLINK_NOFOLLOW, STATX_TYPE, &buf) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == ENOENT) return Kind.Missing;
                throw new IOException($"{path}: cannot stat it: {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        }
        return (buf.stx_mode & S_IFMT) == S_IFSOCK ? Kind.Socket : Kind.Other;
    }

    /// <summary>
    /// Makes the path free for a new socket: nothing there, or a stale socket (no one listening),
    /// which is removed. Anything else is refused, so conlink never deletes a file it did not make
    /// and never takes the socket of another running conlink.
    /// </summary>
    /// <exception cref="InvalidOperationException">The path is in use or is not a socket; the message says which.</exception>
    public static void Claim(string path)
    {
        switch (KindOf(path))
        {
            case Kind.Missing:
                return;
            case Kind.Other:
                throw new InvalidOperationException($"{path} exists and is not a socket; conlink will not replace it (remove it, or choose another --status-socket)");
        }
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            File.Delete(path);
            return;
        }
        throw new InvalidOperationException($"{path}: another conlink is listening there (stop it, or choose another --status-socket)");
    }

    /// <summary>Sets who may open the socket before it listens: 0600 owned by root, or 0660 with group <paramref name="group"/>.</summary>
    public static void Restrict(string path, uint? group)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("conlink runs on Linux");
        var mode = group is null ? UnixFileMode.UserRead | UnixFileMode.UserWrite
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        if (group is { } gid)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
            fixed (byte* p = bytes)
            {
                if (lchown(p, uint.MaxValue, gid) != 0)
                    throw new IOException($"{path}: cannot give it to group {gid}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }
        }
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>A group by name or number, from /etc/group.</summary>
    /// <exception cref="InvalidOperationException">No such group.</exception>
    public static uint GroupId(string group)
    {
        if (uint.TryParse(group, System.Globalization.CultureInfo.InvariantCulture, out var number)) return number;
        foreach (var line in File.ReadLines("/etc/group"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == group && uint.TryParse(fields[2], System.Globalization.CultureInfo.InvariantCulture, out var gid))
                return gid;
        }
        throw new InvalidOperationException($"--control-group {group}: no such group in /etc/group");
    }
}
