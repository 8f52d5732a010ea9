using System.Net;

namespace Conlink.Netlink.Links;

/// <summary>Where a vxlan or geneve link sends: its VNI, remote address and UDP port, as the kernel reports them.</summary>
public sealed record TunnelEndpoint(uint Vni, IPAddress? Remote, ushort? Port);
