using System.Net;
using System.Net.Sockets;
using Conlink.Config.Model;

namespace Conlink.Config.Validation;

/// <summary>
/// Which IPv4 and IPv6 addresses an interface, a NAT target or a tunnel remote can be: checked at
/// validate time, because the kernel accepts most of these and the link then silently does not work.
/// </summary>
internal static class HostAddress
{
    /// <summary>Why <paramref name="cidr"/> cannot be an interface's address ("it is ..."), or null when it can.</summary>
    /// <remarks>
    /// The IPv4 network and broadcast addresses are refused for prefixes up to /30; a /31 has no such
    /// addresses (RFC 3021) and a /32 is the host itself. IPv6 has no broadcast address; its link-local
    /// addresses are the kernel's to make, and an IPv4-mapped one belongs in the IPv4 list.
    /// </remarks>
    public static string? InterfaceProblem(CidrAddress cidr)
    {
        if (AddressProblem(cidr.Address) is { } problem) return problem;
        if (cidr.Address.IsIPv6LinkLocal)
            return "it is link-local (fe80::/10), which the kernel makes on every link; give a global or unique local address (such as fd00::1/64)";
        if (cidr.Address.IsIPv4MappedToIPv6) return "it is IPv4-mapped (::ffff:0:0/96); write the IPv4 address itself";
        if (!cidr.IsIpv6 && cidr.PrefixLength is > 0 and <= 30)
        {
            var network = cidr.Network;
            var value = CidrAddress.ToUInt32(cidr.Address);
            var networkValue = CidrAddress.ToUInt32(network.BaseAddress);
            var broadcast = networkValue | (uint.MaxValue >> cidr.PrefixLength);
            if (value == networkValue) return $"it is the network address of {network}";
            if (value == broadcast) return $"it is the broadcast address of {network}";
        }
        return null;
    }

    /// <summary>Why <paramref name="address"/> cannot be a host's unicast address, or null when it can.</summary>
    public static string? AddressProblem(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.Equals(IPAddress.IPv6Any) ? ":: means 'any address'"
                : address.Equals(IPAddress.IPv6Loopback) ? "it is the loopback address ::1"
                : address.IsIPv6Multicast ? "it is a multicast address (ff00::/8)"
                : null;
        var value = CidrAddress.ToUInt32(address);
        return value == 0 ? "0.0.0.0 means 'any address'"
            : value == uint.MaxValue ? "255.255.255.255 is the broadcast address"
            : value >> 24 == 127 ? "it is a loopback address (127.0.0.0/8)"
            : value >> 28 == 0xE ? "it is a multicast address (224.0.0.0/4)"
            : null;
    }
}
