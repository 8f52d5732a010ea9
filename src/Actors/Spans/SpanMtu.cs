using Conlink.Config.Model;

namespace Conlink.Actors.Spans;

/// <summary>Which links of a spanned bridge are too large for the underlay once vxlan adds its headers.</summary>
public static class SpanMtu
{
    /// <summary>Outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14.</summary>
    public const int VxlanOverhead = 50;

    /// <summary>One warning per link on <paramref name="bridge"/> whose MTU plus the vxlan overhead exceeds <paramref name="underlayMtu"/>.</summary>
    public static IReadOnlyList<string> Warnings(NetworkConfig config, string bridge, int underlayMtu) =>
        config.Services.Select(s => ($"service {s.Key}", s.Value)).Concat(config.Containers.Select(c => ($"container {c.Key}", c.Value)))
            .SelectMany(e => e.Item2.Links.Select(l => (Owner: e.Item1, Link: l)))
            .Where(x => x.Link.Bridge?.Name == bridge && x.Link.Mtu is { } mtu && mtu + VxlanOverhead > underlayMtu)
            .Select(x => $"spanned bridge {bridge}: link {x.Owner} dev {x.Link.Dev} has MTU {x.Link.Mtu}, and with vxlan's {VxlanOverhead} bytes "
                + $"that exceeds the underlay's MTU {underlayMtu}: frames that large are dropped between hosts; give it mtu: {underlayMtu - VxlanOverhead}")
            .ToList();
}
