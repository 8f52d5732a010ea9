using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Conlink.Utils;

/// <summary>
/// An open directory that the utilities (often run as root) write into without ever following a
/// symbolic link inside it: every step is relative to the open directory (<c>openat</c> and
/// friends), a symbolic link where a directory or file goes is replaced, and a file is written
/// under a temporary name created exclusively with mode 0600, given its final mode, then renamed
/// over whatever had its name. So nothing outside the tree is written, and no copy is ever
/// readable by others before its mode says so.
/// </summary>
public sealed class SafeDirectory : IDisposable
{
    private const UnixFileMode DirectoryMode = (UnixFileMode)0x1FF; // 0777, less the umask

    private readonly SafeFileHandle _handle;

    private SafeDirectory(SafeFileHandle handle, string path) => (_handle, Path) = (handle, path);

    /// <summary>The path this directory was reached by, for messages.</summary>
    public string Path { get; }

    private int Fd => (int)_handle.DangerousGetHandle();

    /// <summary>Opens a directory the user named (a symbolic link given as the path itself is followed: the user chose it).</summary>
    public static SafeDirectory Open(string path)
    {
        var fd = LibC.openat(LibC.AT_FDCWD, path, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        if (fd < 0) throw ToolError.Failure($"cannot open directory '{path}': {LastError()}");
        return new SafeDirectory(new SafeFileHandle(fd, ownsHandle: true), path);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading when it is a regular file: not through a symbolic link, and
    /// without blocking on a FIFO (whose open would wait for a writer). Null when it is anything else.
    /// </summary>
    public static SafeFileHandle? OpenRegularFile(string path)
    {
        var fd = LibC.openat(LibC.AT_FDCWD, path, LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.ELOOP) return null;
            throw Failure($"cannot read '{path}'", errno);
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (EntryStatus.Of(handle).Kind == EntryKind.File) return handle;
        handle.Dispose();
        return null;
    }

    /// <summary>The entry <paramref name="name"/> in this directory, never followed; null when there is none.</summary>
    public EntryStatus? Status(string name)
    {
        var status = EntryStatus.Of(Fd, name, out var errno);
        if (status is null && errno != LibC.ENOENT) throw Failure($"cannot read '{Join(name)}'", errno);
        return status;
    }

    /// <summary>
    /// The sub-directory <paramref name="name"/>, created when missing; a symbolic link of that name is
    /// replaced by a real directory. Anything else of that name is an error: it is not ours to remove.
    /// </summary>
    public SafeDirectory OpenOrCreateDirectory(string name, Func<EntryStatus, string>? conflict = null)
    {
        CheckName(name);
        switch (Status(name))
        {
            case null:
                MakeDirectory(name);
                break;
            case { Kind: EntryKind.SymbolicLink }:
                Remove(name, directory: false);
                MakeDirectory(name);
                break;
            case { Kind: EntryKind.Directory }:
                break;
            case var other:
                throw ToolError.Failure(conflict?.Invoke(other) ?? $"'{Join(name)}' exists and is not a directory");
        }
        var fd = LibC.openat(Fd, name, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        if (fd < 0) throw Failure($"cannot open directory '{Join(name)}'", Marshal.GetLastPInvokeError());
        return new SafeDirectory(new SafeFileHandle(fd, ownsHandle: true), Join(name));
    }

    /// <summary>
    /// Writes the file <paramref name="name"/> with <paramref name="write"/> filling it, replacing a file or
    /// symbolic link of that name (never writing through it). <paramref name="finalMode"/> decides the mode
    /// from the new file's own status (its owner and group are the caller's), before the file gets its name.
    /// </summary>
    public void WriteFile(string name, Action<Stream> write, Func<EntryStatus, UnixFileMode> finalMode, DateTime? modifiedUtc = null,
        Func<EntryStatus, string>? conflict = null)
    {
        CheckName(name);
        if (Status(name) is { Kind: EntryKind.Directory } existing)
            throw ToolError.Failure(conflict?.Invoke(existing) ?? $"cannot replace directory '{Join(name)}' with a file");
        var temporary = CreateTemporary(name, out var handle);
        try
        {
            using (var stream = new FileStream(handle, FileAccess.Write, bufferSize: 0))
            {
                write(stream);
                stream.Flush();
                if (LibC.fchmod(FdOf(handle), (uint)finalMode(EntryStatus.Of(handle))) != 0)
                    throw Failure($"cannot set the mode of '{Join(name)}'", Marshal.GetLastPInvokeError());
                if (modifiedUtc is { } time) SetModified(handle, time, name);
            }
            Rename(temporary, name);
        }
        catch
        {
            LibC.unlinkat(Fd, temporary, 0);
            throw;
        }
    }

    /// <summary>Makes <paramref name="name"/> a symbolic link to <paramref name="target"/>, replacing a file or link of that name.</summary>
    public void WriteSymbolicLink(string name, string target, Func<EntryStatus, string>? conflict = null)
    {
        CheckName(name);
        if (Status(name) is { Kind: EntryKind.Directory } existing)
            throw ToolError.Failure(conflict?.Invoke(existing) ?? $"cannot replace directory '{Join(name)}' with a symbolic link");
        for (var attempt = 0; ; attempt++)
        {
            var temporary = TemporaryName(name);
            if (LibC.symlinkat(target, Fd, temporary) == 0)
            {
                Rename(temporary, name);
                return;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EEXIST || attempt > 100) throw Failure($"cannot create symbolic link '{Join(name)}'", errno);
        }
    }

    public void Dispose() => _handle.Dispose();

    private string CreateTemporary(string name, out SafeFileHandle handle)
    {
        for (var attempt = 0; ; attempt++)
        {
            var temporary = TemporaryName(name);
            var fd = LibC.openat(Fd, temporary, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0x180); // 0600
            if (fd >= 0)
            {
                handle = new SafeFileHandle(fd, ownsHandle: true);
                return temporary;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EEXIST || attempt > 100) throw Failure($"cannot create a file in '{Path}'", errno);
        }
    }

    private void Rename(string temporary, string name)
    {
        if (LibC.renameat(Fd, temporary, Fd, name) == 0) return;
        var errno = Marshal.GetLastPInvokeError();
        LibC.unlinkat(Fd, temporary, 0);
        throw Failure($"cannot write '{Join(name)}'", errno);
    }

    private void MakeDirectory(string name)
    {
        if (LibC.mkdirat(Fd, name, (uint)DirectoryMode) != 0)
            throw Failure($"cannot create directory '{Join(name)}'", Marshal.GetLastPInvokeError());
    }

    private void Remove(string name, bool directory)
    {
        if (LibC.unlinkat(Fd, name, directory ? LibC.AT_REMOVEDIR : 0) != 0)
            throw Failure($"cannot remove '{Join(name)}'", Marshal.GetLastPInvokeError());
    }

    private static unsafe void SetModified(SafeFileHandle handle, DateTime modifiedUtc, string name)
    {
        var since = modifiedUtc - DateTime.UnixEpoch;
        var seconds = (long)Math.Floor(since.TotalSeconds);
        var times = stackalloc long[4] { 0, LibC.UTIME_OMIT, seconds, (since.Ticks - seconds * TimeSpan.TicksPerSecond) * 100 };
        if (LibC.futimens(FdOf(handle), times) != 0)
            throw ToolError.Failure($"cannot set the modification time of '{name}': {LastError()}");
    }

    private static int FdOf(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    private static string TemporaryName(string name) => $".{(name.Length > 200 ? name[..200] : name)}.tmp-{Random.Shared.Next():x8}";

    private string Join(string name) => System.IO.Path.Join(Path, name);

    private static void CheckName(string name)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/') || name.Contains('\0'))
            throw new ArgumentException($"'{name}' is not a single file name", nameof(name));
    }

    private static ToolError Failure(string what, int errno) => ToolError.Failure($"{what}: {LibC.Describe(errno)}");

    private static string LastError() => LibC.Describe(Marshal.GetLastPInvokeError());
}
