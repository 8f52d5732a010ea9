using Conlink.Netlink.Errors;
using Conlink.Netlink.Native;
using static Tmds.Linux.LibC;

namespace Conlink.Netlink.Namespaces;

/// <summary>
/// The mount work behind named namespaces, done the way iproute2 does it so that both tools see
/// the same namespaces: <c>/run/netns</c> is a shared mount, and each namespace is a bind mount of
/// a namespace file onto an empty file there.
/// </summary>
internal static unsafe class NamedNamespaces
{
    /// <summary>Creates <see cref="NetNs.NamedRoot"/> and makes it a shared mount (bind-mounting it on itself first if needed).</summary>
    public static void PrepareRoot(string name)
    {
        Directory.CreateDirectory(NetNs.NamedRoot);
        var madeMount = false;
        while (Mount("", NetNs.NamedRoot, MS_SHARED | MS_REC) != 0)
        {
            var error = errno;
            if (error != Errno.EINVAL || madeMount) throw Failure(error, Operation.NamespaceCreate, name);
            if (Mount(NetNs.NamedRoot, NetNs.NamedRoot, MS_BIND | MS_REC) != 0)
                throw Failure(errno, Operation.NamespaceCreate, name);
            madeMount = true;
        }
    }

    /// <summary>Creates the empty mount point; false when it already exists (someone else created the namespace).</summary>
    public static bool TryCreateMountPoint(string path, string name)
    {
        var fd = NetNs.WithPath(path, p => open(p, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0));
        if (fd >= 0)
        {
            close(fd);
            return true;
        }
        var error = errno;
        return error == Errno.EEXIST ? false : throw Failure(error, Operation.NamespaceCreate, name);
    }

    /// <summary>Runs on the namespace thread: moves it into a new namespace and pins that namespace on <paramref name="path"/>.</summary>
    public static bool UnshareAndMount(string path, string name)
    {
        if (unshare(CLONE_NEWNET) != 0) throw Failure(errno, Operation.NamespaceCreate, name);
        if (Mount("/proc/thread-self/ns/net", path, MS_BIND) != 0)
            throw Failure(errno, Operation.NamespaceCreate, name);
        return true;
    }

    public static bool Delete(string path, string name)
    {
        if (!File.Exists(path)) return false;
        if (NetNs.WithPath(path, p => umount2(p, MNT_DETACH)) != 0)
        {
            var error = errno;
            // Not a mount point any more (half-created or already unmounted): just remove the file.
            if (error != Errno.EINVAL) throw Failure(error, Operation.NamespaceDelete, name);
        }
        if (NetNs.WithPath(path, p => unlink(p)) != 0)
        {
            var error = errno;
            if (error != Errno.ENOENT) throw Failure(error, Operation.NamespaceDelete, name);
        }
        return true;
    }

    /// <summary>mount(2) with filesystem type "none" and no data, as iproute2 calls it.</summary>
    private static int Mount(string source, string target, Tmds.Linux.ulong_t flags)
    {
        var sourceBytes = System.Text.Encoding.UTF8.GetBytes(source + '\0');
        var targetBytes = System.Text.Encoding.UTF8.GetBytes(target + '\0');
        fixed (byte* s = sourceBytes, t = targetBytes, type = "none\0"u8)
            return mount(s, t, type, flags, null);
    }

    private static NetlinkException Failure(int error, Operation operation, string name) =>
        new(error, new OperationContext(operation), name, null);
}
