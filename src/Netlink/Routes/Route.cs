using System.Net;
using Conlink.Netlink.Addresses;
using Conlink.Syntax.Routes;

namespace Conlink.Netlink.Routes;

/// <summary>A route as the kernel reports it.</summary>
public sealed record Route
{
    /// <summary>The destination; null for a default route.</summary>
    public IPNetwork? Destination { get; init; }
    public IPAddress? Gateway { get; init; }
    public int? DeviceIndex { get; init; }
    public uint? Metric { get; init; }
    public IPAddress? Source { get; init; }
    public uint Table { get; init; }
    public AddressScope Scope { get; init; }
    public bool OnLink { get; init; }

    public override string ToString() =>
        $"{(Destination is { } d ? d.ToString() : "default")}{(Gateway is null ? "" : $" via {Gateway}")}{(DeviceIndex is { } i ? $" dev #{i}" : "")}";
}
