namespace Conlink.Netlink.Errors;

/// <summary>A network sysctl of a namespace could not be read or written (see <see cref="Namespaces.NamespaceSysctl"/>).</summary>
public sealed class SysctlException : IOException
{
    internal SysctlException(string key, string @namespace, string doing, int errno)
        : base($"cannot {doing} {key} in namespace {@namespace}: {Native.Errno.Describe(errno)} ({Native.Errno.Name(errno)})")
    {
        Key = key;
        Errno = errno;
    }

    /// <summary>The sysctl, as <c>sysctl</c> names it: <c>net.ipv6.conf.all.forwarding</c>.</summary>
    public string Key { get; }

    /// <summary>The positive errno value.</summary>
    public int Errno { get; }

    /// <summary>
    /// The namespace's <c>/proc/sys</c> does not let conlink write it: mounted read-only (a container's,
    /// unless privileged), or conlink lacks the privilege.
    /// </summary>
    public bool ReadOnly => Errno is Native.Errno.EROFS or Native.Errno.EACCES or Native.Errno.EPERM;
}
