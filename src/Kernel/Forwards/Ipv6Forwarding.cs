using Conlink.Netlink.Errors;
using Conlink.Netlink.Namespaces;

namespace Conlink.Kernel.Forwards;

/// <summary>
/// What forwards over IPv6 need of conlink's namespace: IPv6 forwarding
/// (<c>net.ipv6.conf.all.forwarding</c>), and IPv6 not disabled on the interfaces conlink makes there,
/// its bridges (<c>net.ipv6.conf.default.disable_ipv6</c>, which Docker sets to 1 in containers even
/// on an IPv6 network). IPv4's forwarding is set per interface over netlink (<see cref="PortForwards"/>),
/// which works where <c>/proc/sys</c> is read-only; these exist only as sysctls, which a container
/// cannot write unless privileged, so a sidecar gets them from its compose service's <c>sysctls</c>.
/// </summary>
public static class Ipv6Forwarding
{
    public const string ForwardingKey = "net.ipv6.conf.all.forwarding";
    public const string DisableKey = "net.ipv6.conf.default.disable_ipv6";

    /// <summary>Each setting, the value forwards need, what is wrong when it has another, and the compose sysctl that fixes it.</summary>
    private static readonly (string Key, string Value, string Wrong, string Fix)[] Settings =
    [
        (ForwardingKey, "1", "IPv6 forwarding is off", "net.ipv6.conf.all.forwarding=1"),
        (DisableKey, "0", "IPv6 is disabled on the interfaces conlink makes (its bridges)", "net.ipv6.conf.all.disable_ipv6=0"),
    ];

    /// <summary>Sets what is not set yet; null when all is as forwards need, else why not, and the sysctls to give conlink's service.</summary>
    public static string? Enable(NetNs ns)
    {
        var refused = new List<((string Key, string Value, string Wrong, string Fix) Setting, SysctlException Error)>();
        foreach (var setting in Settings)
        {
            try
            {
                if (NamespaceSysctl.Read(ns, setting.Key) == setting.Value) continue;
                NamespaceSysctl.Write(ns, setting.Key, setting.Value);
            }
            catch (SysctlException e) when (e.ReadOnly)
            {
                refused.Add((setting, e));
            }
            catch (SysctlException e)
            {
                return $"IPv6 cannot be forwarded in conlink's namespace: {e.Message}";
            }
        }
        if (refused.Count == 0) return null;
        var fixes = refused.Select(r => r.Setting.Fix).ToList();
        return $"{string.Join(" and ", refused.Select(r => r.Setting.Wrong))} in conlink's namespace, and conlink cannot change that "
            + $"({refused[0].Error.Message}); give conlink's service the sysctl{(fixes.Count > 1 ? "s" : "")} {string.Join(" and ", fixes)} "
            + $"(compose: sysctls: [{string.Join(", ", fixes)}])";
    }
}
