using Conlink.Netlink.Errors;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Conlink.Netlink.Namespaces;

/// <summary>
/// An open network namespace: a file descriptor on <c>/proc/PID/ns/net</c>, <c>/run/netns/NAME</c>
/// or the process's own namespace. Holding it keeps the namespace alive. Dispose it to close the fd.
/// </summary>
public sealed unsafe class NetNs : IDisposable
{
    /// <summary>Where named namespaces are bind-mounted, as with <c>ip netns</c>.</summary>
    public const string NamedRoot = "/run/netns";

    private NetNs(SafeFileHandle handle, string displayName)
    {
        Handle = handle;
        DisplayName = displayName;
    }

    /// <summary>How errors name this namespace: <c>conlink</c>, <c>pid 1234</c> or <c>current</c>.</summary>
    public string DisplayName { get; }

    internal SafeFileHandle Handle { get; }

    /// <summary>The fd number, for IFLA_NET_NS_FD; pin the namespace first (see <see cref="NamespacePins"/>).</summary>
    internal uint FdNumber => (uint)Handle.DangerousGetHandle();

    /// <summary>The process's own network namespace.</summary>
    public static NetNs Current() => OpenPath("/proc/self/ns/net", "current");

    /// <summary>The network namespace of a process, e.g. a container's init.</summary>
    public static NetNs OfProcess(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        return OpenPath($"/proc/{pid}/ns/net", $"pid {pid}");
    }

    /// <summary>A namespace file, such as <c>/run/netns/NAME</c> or <c>/proc/PID/ns/net</c>; errors name it by its path.</summary>
    public static NetNs Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return OpenPath(path, path);
    }

    /// <summary>A named namespace under <see cref="NamedRoot"/>; fails when it does not exist.</summary>
    public static NetNs OpenNamed(string name) => OpenPath(NamedPath(name), name);

    public static bool NamedExists(string name) => File.Exists(NamedPath(name));

    /// <summary>
    /// Opens the named namespace, creating it first when it does not exist (as <c>ip netns add</c>
    /// does: a fresh namespace bind-mounted on <c>/run/netns/NAME</c>, a shared mount).
    /// </summary>
    public static NetNs OpenOrCreateNamed(string name)
    {
        var path = NamedPath(name);
        if (File.Exists(path)) return OpenNamed(name);
        NamedNamespaces.PrepareRoot(name);
        if (!NamedNamespaces.TryCreateMountPoint(path, name)) return OpenNamed(name);
        try
        {
            NamespaceThread.Instance.RunAsync<bool>(null, () => NamedNamespaces.UnshareAndMount(path, name)).GetAwaiter().GetResult();
        }
        catch
        {
            WithPath(path, p => unlink(p));
            throw;
        }
        return OpenNamed(name);
    }

    /// <summary>Deletes a named namespace (unmount and remove); returns false when there was none.</summary>
    public static bool DeleteNamed(string name) => NamedNamespaces.Delete(NamedPath(name), name);

    /// <summary>
    /// Runs <paramref name="work"/> on the dedicated namespace thread while it is switched into this
    /// namespace. Keep it short: it blocks every other namespace operation in the process. Sockets
    /// opened and processes started by it belong to this namespace.
    /// </summary>
    public T Run<T>(Func<T> work) => RunAsync(work).GetAwaiter().GetResult();

    public void Run(Action work) => Run<bool>(() =>
    {
        work();
        return true;
    });

    public Task<T> RunAsync<T>(Func<T> work)
    {
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        return NamespaceThread.Instance.RunAsync(this, work);
    }

    /// <summary>True when both refer to the same kernel namespace (same nsfs inode).</summary>
    public bool IsSameAs(NetNs other) => Inode() == other.Inode();

    public void Dispose() => Handle.Dispose();

    public override string ToString() => DisplayName;

    internal static NetNs OpenPath(string path, string displayName)
    {
        var fd = WithPath(path, p => open(p, O_RDONLY | O_CLOEXEC, 0));
        if (fd < 0) throw new NetlinkException(errno, new OperationContext(Operation.NamespaceOpen), displayName, null);
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        // A named namespace's file exists, empty, for a moment before its namespace is mounted on it.
        if (ioctl(fd, NsGetNsType) != CLONE_NEWNET)
        {
            handle.Dispose();
            throw new InvalidOperationException($"{path} is not a network namespace (yet?)");
        }
        return new NetNs(handle, displayName);
    }

    /// <summary>NS_GET_NSTYPE, _IO(0xb7, 0x3) (linux/nsfs.h): the CLONE_NEW* type of a namespace fd.</summary>
    private const int NsGetNsType = 0xb703;

    internal delegate int PathCall(byte* path);

    /// <summary>Calls a libc function with <paramref name="path"/> as a NUL-terminated C string.</summary>
    internal static int WithPath(string path, PathCall call)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + '\0');
        fixed (byte* p = bytes) return call(p);
    }

    private static string NamedPath(string name)
    {
        if (string.IsNullOrEmpty(name) || name is "." or ".." || name.Contains('/'))
            throw new ArgumentException($"'{name}' is not a valid namespace name", nameof(name));
        return $"{NamedRoot}/{name}";
    }

    private (ulong Device, ulong Inode) Inode()
    {
        stat st;
        var added = false;
        Handle.DangerousAddRef(ref added);
        try
        {
            if (fstat((int)Handle.DangerousGetHandle(), &st) != 0)
                throw new NetlinkException(errno, new OperationContext(Operation.NamespaceOpen), DisplayName, null);
            return (st.st_dev, st.st_ino);
        }
        finally
        {
            Handle.DangerousRelease();
        }
    }
}
