using Conlink.Netlink.Namespaces;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Two "hosts" on this machine: named namespaces joined by an underlay veth, 192.168.77.1/24 on
/// host A and 192.168.77.2/24 on host B, and fd00:77::1/64 and fd00:77::2/64. Disposing deletes both.
/// </summary>
public sealed class TunnelUnderlay : IDisposable
{
    public const string AddressA = "192.168.77.1";
    public const string AddressB = "192.168.77.2";
    public const string DeviceA = "underlay";

    /// <summary>The IPv6 underlay addresses, which both hosts also have (added with nodad, usable at once).</summary>
    public const string Ipv6AddressA = "fd00:77::1";
    public const string Ipv6AddressB = "fd00:77::2";

    public TunnelUnderlay()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        HostA = "clhosta-" + suffix;
        HostB = "clhostb-" + suffix;
        NetNs.OpenOrCreateNamed(HostA).Dispose();
        NetNs.OpenOrCreateNamed(HostB).Dispose();
        Ip(HostA, "link", "add", DeviceA, "type", "veth", "peer", "underlay", "netns", HostB);
        Ip(HostA, "addr", "add", AddressA + "/24", "dev", DeviceA);
        Ip(HostB, "addr", "add", AddressB + "/24", "dev", "underlay");
        Ip(HostA, "addr", "add", Ipv6AddressA + "/64", "dev", DeviceA, "nodad");
        Ip(HostB, "addr", "add", Ipv6AddressB + "/64", "dev", "underlay", "nodad");
        foreach (var host in new[] { HostA, HostB })
        {
            Ip(host, "link", "set", "lo", "up");
            Ip(host, "link", "set", "underlay", "up");
        }
    }

    public string HostA { get; }
    public string HostB { get; }

    /// <summary>Sets host A's underlay interface down or up.</summary>
    public void SetUnderlayOfA(bool up) => Ip(HostA, "link", "set", DeviceA, up ? "up" : "down");

    /// <summary>True when this kernel can make a link of <paramref name="kind"/> (tried in host A).</summary>
    public bool KernelHas(string kind, params string[] options)
    {
        var probe = "probe-" + kind;
        var made = KernelProbe.Run("ip", ["-n", HostA, "link", "add", probe, "type", kind, .. options]).ExitCode == 0;
        if (made) Ip(HostA, "link", "del", probe);
        return made;
    }

    public void Dispose()
    {
        NetNs.DeleteNamed(HostA);
        NetNs.DeleteNamed(HostB);
    }

    private static void Ip(string netns, params string[] args)
    {
        var (exitCode, output) = KernelProbe.Run("ip", ["-n", netns, .. args]);
        if (exitCode != 0) throw new InvalidOperationException($"ip -n {netns} {string.Join(' ', args)}: {output}");
    }
}
