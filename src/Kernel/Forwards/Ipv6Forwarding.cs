using Conlink.Netlink.Errors;
using Conlink.Netlink.Namespaces;

namespace Conlink.Kernel.Forwards;

/// <summary>
/// IPv6 forwarding in conlink's namespace, which forwards over IPv6 need. IPv4's is set per interface
/// over netlink (<see cref="PortForwards"/>), which works where <c>/proc/sys</c> is read-only; IPv6's
/// is only the namespace-wide sysctl <c>net.ipv6.conf.all.forwarding</c>, which a container cannot
/// write unless privileged, so a sidecar gets it from its compose service's <c>sysctls</c>.
/// </summary>
public static class Ipv6Forwarding
{
    public const string Key = "net.ipv6.conf.all.forwarding";

    /// <summary>Turns IPv6 forwarding on unless it is on; null when it is on, else why it cannot be, and what to do.</summary>
    public static string? Enable(NetNs ns)
    {
        try
        {
            if (NamespaceSysctl.Read(ns, Key) == "1") return null;
            NamespaceSysctl.Write(ns, Key, "1");
            return null;
        }
        catch (SysctlException e) when (e.ReadOnly)
        {
            return $"IPv6 forwarding is off in conlink's namespace and conlink cannot turn it on ({e.Message}); "
                + $"give conlink's service the sysctl {Key}=1 (compose: sysctls: [{Key}=1])";
        }
        catch (SysctlException e)
        {
            return $"IPv6 forwarding cannot be turned on in conlink's namespace: {e.Message}";
        }
    }
}
