using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json;
using Conlink.Config.Model;

namespace Conlink.E2E.Harness;

/// <summary>A network interface as the kernel reports it inside a container's namespace.</summary>
/// <param name="Kind">The link type (veth, macvlan, vxlan, ...); empty for loopback and plain devices.</param>
/// <param name="IsUp">Administratively up (the UP flag), whether or not it has a carrier.</param>
/// <param name="Master">The bridge this interface is a port of, if any.</param>
public sealed record ContainerInterface(
    string Name,
    string Kind,
    PhysicalAddress Mac,
    int Mtu,
    bool IsUp,
    IReadOnlyList<CidrAddress> Ipv4Addresses,
    string? Master = null)
{
    /// <summary>Its IPv6 addresses other than the kernel's link-local ones (fe80::/10).</summary>
    public IReadOnlyList<CidrAddress> Ipv6Addresses { get; init; } = [];

    /// <summary>IPv6 addresses still tentative or that failed duplicate detection (so not usable).</summary>
    public IReadOnlyList<CidrAddress> UnusableIpv6Addresses { get; init; } = [];

    /// <summary>The kernel's index of the interface: it changes when the interface is deleted and made again.</summary>
    public int Index { get; init; }

    /// <summary>The kernel's flags (UP, NO-CARRIER, LOWER_UP, ...).</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>Up with no carrier: the other end of the cable is down (the kernel's NO-CARRIER).</summary>
    public bool HasNoCarrier => Flags.Contains("NO-CARRIER");

    /// <summary>Parses the output of <c>ip -j [-d] addr show</c> or <c>ip -j [-d] link show</c>.</summary>
    public static IReadOnlyList<ContainerInterface> ParseIpJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(Parse).ToList();
    }

    private static ContainerInterface Parse(JsonElement link)
    {
        var kind = link.TryGetProperty("linkinfo", out var info) && info.TryGetProperty("info_kind", out var k)
            ? k.GetString() ?? ""
            : "";
        IEnumerable<JsonElement> flags = link.TryGetProperty("flags", out var f) ? f.EnumerateArray() : [];
        IEnumerable<JsonElement> addresses = link.TryGetProperty("addr_info", out var a) ? a.EnumerateArray() : [];
        return new ContainerInterface(
            Name: link.GetProperty("ifname").GetString()!,
            Kind: kind,
            Mac: link.TryGetProperty("address", out var mac) ? PhysicalAddress.Parse(mac.GetString()!) : PhysicalAddress.None,
            Mtu: link.GetProperty("mtu").GetInt32(),
            IsUp: flags.Any(flag => flag.GetString() == "UP"),
            Ipv4Addresses: addresses
                .Where(address => address.GetProperty("family").GetString() == "inet")
                .Select(address => new CidrAddress(
                    IPAddress.Parse(address.GetProperty("local").GetString()!),
                    address.GetProperty("prefixlen").GetInt32()))
                .ToList(),
            Master: link.TryGetProperty("master", out var master) ? master.GetString() : null)
        {
            Ipv6Addresses = Ipv6(addresses).Where(a => !a.Address.IsIPv6LinkLocal).ToList(),
            UnusableIpv6Addresses = Ipv6(addresses.Where(a => IsTrue(a, "tentative") || IsTrue(a, "dadfailed"))).ToList(),
            Index = link.TryGetProperty("ifindex", out var index) ? index.GetInt32() : 0,
            Flags = flags.Select(flag => flag.GetString()!).ToList(),
        };
    }

    private static IEnumerable<CidrAddress> Ipv6(IEnumerable<JsonElement> addresses) => addresses
        .Where(address => address.GetProperty("family").GetString() == "inet6")
        .Select(address => new CidrAddress(IPAddress.Parse(address.GetProperty("local").GetString()!), address.GetProperty("prefixlen").GetInt32()));

    private static bool IsTrue(JsonElement address, string flag) =>
        address.TryGetProperty(flag, out var value) && value.ValueKind == JsonValueKind.True;
}
