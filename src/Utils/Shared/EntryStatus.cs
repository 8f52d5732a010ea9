using Microsoft.Win32.SafeHandles;

namespace Conlink.Utils;

/// <summary>What <c>statx</c> says of a file system entry: its type, mode bits (setuid, setgid and sticky included), owner, size and modification time.</summary>
public sealed record EntryStatus(EntryKind Kind, UnixFileMode Mode, bool SetUid, bool SetGid, uint Uid, uint Gid, long Size, DateTime ModifiedUtc)
{
    /// <summary>The entry itself (a symbolic link is not followed), or null when there is none.</summary>
    public static EntryStatus? Of(int directory, string name, out int errno) => Read(directory, name, LibC.AT_SYMLINK_NOFOLLOW, out errno);

    public static EntryStatus? OfPath(string path) => Read(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, out _);

    /// <summary>The open file itself.</summary>
    public static EntryStatus Of(SafeFileHandle file)
    {
        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            return Read((int)file.DangerousGetHandle(), "", LibC.AT_EMPTY_PATH, out var errno)
                   ?? throw ToolError.Failure($"cannot read the status of an open file: {LibC.Describe(errno)}");
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    private static unsafe EntryStatus? Read(int directory, string name, int flags, out int errno)
    {
        // struct statx has one layout on every architecture: 256 bytes, fields at fixed offsets.
        var buffer = stackalloc byte[256];
        if (LibC.statx(directory, name, flags, LibC.STATX_BASIC_STATS, buffer) != 0)
        {
            errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return null;
        }
        errno = 0;
        var mode = *(ushort*)(buffer + 28);
        var kind = (mode & LibC.S_IFMT) switch
        {
            LibC.S_IFREG => EntryKind.File,
            LibC.S_IFDIR => EntryKind.Directory,
            LibC.S_IFLNK => EntryKind.SymbolicLink,
            _ => EntryKind.Special,
        };
        var modified = DateTime.UnixEpoch.AddSeconds(*(long*)(buffer + 112)).AddTicks(*(uint*)(buffer + 120) / 100);
        return new EntryStatus(kind, (UnixFileMode)(mode & 0xFFF), (mode & 0x800) != 0, (mode & 0x400) != 0,
            *(uint*)(buffer + 20), *(uint*)(buffer + 24), *(long*)(buffer + 40), modified);
    }
}

public enum EntryKind
{
    File,
    Directory,
    SymbolicLink,
    /// <summary>A FIFO, a socket or a device.</summary>
    Special,
}
