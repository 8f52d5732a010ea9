using System.Net;

namespace Conlink.Kernel;

/// <summary>
/// The addresses of conlink's Docker interface (see <see cref="DockerInterface"/>): its first IPv4
/// address and its first global IPv6 address, each null when it has none (a Docker network without
/// <c>enable_ipv6</c> gives it no IPv6 address; one with <c>enable_ipv4: false</c>, no IPv4 address).
/// </summary>
public sealed record DockerAddresses(IPAddress? Ipv4, IPAddress? Ipv6)
{
    public override string ToString() => string.Join(" ", new[] { Ipv4, Ipv6 }.OfType<IPAddress>());
}
