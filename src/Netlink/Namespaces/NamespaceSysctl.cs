using System.Text.RegularExpressions;
using Conlink.Netlink.Errors;
using static Tmds.Linux.LibC;

namespace Conlink.Netlink.Namespaces;

/// <summary>
/// Reads and writes a network sysctl (<c>/proc/sys/net/...</c>) of a namespace: on the namespace
/// thread while it is switched there, since <c>/proc/sys/net</c> shows the namespace of the thread
/// that opens it. Files are opened with <c>O_NOFOLLOW</c>, and only keys of the <c>net.</c> tree made of
/// plain words are accepted. For what netlink can set (IPv4 forwarding per interface) use netlink,
/// which works where <c>/proc/sys</c> is read-only; IPv6's settings have no netlink way to set them.
/// </summary>
public static partial class NamespaceSysctl
{
    private const int MaxValueLength = 256;

    /// <summary>The value, trimmed (<c>1</c>, say).</summary>
    /// <exception cref="SysctlException">The setting does not exist or cannot be read.</exception>
    public static string Read(NetNs ns, string key)
    {
        var path = PathOf(key);
        return ns.Run(() => ReadFile(path, key, ns.DisplayName));
    }

    /// <exception cref="SysctlException">The setting does not exist or cannot be written (<see cref="SysctlException.ReadOnly"/>).</exception>
    public static void Write(NetNs ns, string key, string value)
    {
        var path = PathOf(key);
        if (value.Length == 0 || value.Length > MaxValueLength || value.Any(char.IsControl))
            throw new ArgumentException($"'{value}' is not a sysctl value", nameof(value));
        ns.Run(() => WriteFile(path, key, ns.DisplayName, value));
    }

    private static string PathOf(string key)
    {
        if (!KeyPattern().IsMatch(key)) throw new ArgumentException($"'{key}' is not a network sysctl (net.WORD.WORD...)", nameof(key));
        return "/proc/sys/" + key.Replace('.', '/');
    }

    [GeneratedRegex(@"^net(\.[A-Za-z0-9_-]{1,64}){2,6}$")]
    private static partial Regex KeyPattern();

    private static unsafe string ReadFile(string path, string key, string ns)
    {
        var fd = NetNs.WithPath(path, p => open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0));
        if (fd < 0) throw new SysctlException(key, ns, "read", errno);
        try
        {
            var buffer = new byte[MaxValueLength];
            long n;
            fixed (byte* b = buffer) n = (long)read(fd, b, buffer.Length);
            if (n < 0) throw new SysctlException(key, ns, "read", errno);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, (int)n).Trim();
        }
        finally
        {
            close(fd);
        }
    }

    private static unsafe bool WriteFile(string path, string key, string ns, string value)
    {
        var fd = NetNs.WithPath(path, p => open(p, O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0));
        if (fd < 0) throw new SysctlException(key, ns, "write", errno);
        try
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(value + "\n");
            long n;
            fixed (byte* b = bytes) n = (long)write(fd, b, bytes.Length);
            if (n < 0) throw new SysctlException(key, ns, "write", errno);
            return true;
        }
        finally
        {
            close(fd);
        }
    }
}
