namespace Conlink.Netlink.Tests.Support;

public static class Root
{
    /// <summary>Skips the calling test unless the process may create namespaces and interfaces.</summary>
    public static void Require() =>
        Skip.IfNot(Environment.IsPrivilegedProcess,
            "needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) to create network namespaces and interfaces");
}
