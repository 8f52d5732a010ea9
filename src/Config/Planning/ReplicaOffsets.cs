using System.Net.NetworkInformation;
using Conlink.Config.Model;

namespace Conlink.Config.Planning;

/// <summary>
/// The one place replica offsets are computed: replica N (1-based) of a service is offset by N-1 on
/// every address of its link (IPv4 as a 32-bit and IPv6 as a 128-bit integer, staying inside the
/// prefix and an address a host can have), on its MAC (a 48-bit integer, staying unicast) and on each forward's outer port. The
/// planner uses it for one replica; validation uses it for the last replica when the count is known.
/// Each method returns the offset value or the problem, worded the same for both.
/// </summary>
public static class ReplicaOffsets
{
    public static (CidrAddress? Value, string? Problem) Ip(CidrAddress ip, int offset) =>
        ip.Offset(offset) is not { } moved
            ? (null, $"ip {ip} plus replica offset {offset} leaves the subnet {ip.Network}")
            : offset > 0 && Validation.HostAddress.InterfaceProblem(moved) is { } problem
                ? (null, $"ip {ip} plus replica offset {offset} is {moved}, which cannot be a host address: {problem}")
                : (moved, null);

    public static (PhysicalAddress? Value, string? Problem) Mac(PhysicalAddress mac, int offset) =>
        MacAddresses.Offset(mac, offset) is { } moved
            ? (moved, null)
            : (null, $"mac {MacAddresses.Format(mac)} plus replica offset {offset} is not a usable unicast MAC address");

    public static (ForwardSpec? Value, string? Problem) Forward(ForwardSpec forward, int offset)
    {
        var outer = forward.OuterPort + offset;
        return outer <= 65535
            ? (forward with { OuterPort = outer }, null)
            : (null, $"forward {forward} plus replica offset {offset} needs port {outer}, above 65535");
    }
}
