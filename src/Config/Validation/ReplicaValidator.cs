using Conlink.Config.Loading;
using Conlink.Config.Model;
using Conlink.Config.Planning;

namespace Conlink.Config.Validation;

/// <summary>
/// When the compose files say how many replicas a service has (<c>scale</c>, <c>deploy.replicas</c>),
/// every replica's offset addresses (each of its IPv4 and IPv6 addresses), MAC and forward ports are
/// checked here, so a replica that would get an address outside its subnet or one no host can have,
/// a multicast MAC or a port above 65535 is an error before anything starts, worded as the planner
/// words it (both go through <see cref="ReplicaOffsets"/>). Offsets only grow, so the last replica is
/// the one to check (and, for MACs, whose multicast bit comes and goes, the range).
/// </summary>
internal static class ReplicaValidator
{
    public static void Check(IReadOnlyList<ValidatedLink> links, IReadOnlyDictionary<string, int> replicas, ICollection<ConfigError> errors)
    {
        foreach (var link in links)
        {
            var spec = link.Spec;
            if (spec.Service is not { } service || replicas.GetValueOrDefault(service, 1) is not (> 1 and var count)) continue;
            var offset = count - 1;
            var who = $"service '{service}' has {count} replicas";

            var ipNode = link.Node["ip"];
            var ipItems = ipNode is SequenceNode sequence ? sequence.Items : ipNode is null ? [] : [ipNode];
            for (var i = 0; i < spec.Ips.Count; i++)
                if (ReplicaOffsets.Ip(spec.Ips[i], offset).Problem is { } problem)
                    errors.Add((ipItems.ElementAtOrDefault(i) ?? link.Node).Location.Error($"{who}: for replica {count}, {problem}"));

            if (spec.Mac is { } mac && FirstUnusableReplica(mac, count) is { } replica)
                errors.Add(link.Node["mac"]!.Location.Error($"{who}: for replica {replica}, {ReplicaOffsets.Mac(mac, replica - 1).Problem}"));

            var forwards = link.Node["forward"] as SequenceNode;
            for (var i = 0; i < spec.Forward.Count; i++)
                if (ReplicaOffsets.Forward(spec.Forward[i], offset).Problem is { } problem)
                    errors.Add((forwards?.Items.ElementAtOrDefault(i) ?? link.Node).Location.Error($"{who}: for replica {count}, {problem}"));
        }
    }

    /// <summary>The first replica (1-based) whose offset MAC leaves 48 bits or has the multicast bit set, or null.</summary>
    private static int? FirstUnusableReplica(System.Net.NetworkInformation.PhysicalAddress mac, int count)
    {
        var value = mac.GetAddressBytes().Aggregate(0L, (acc, b) => (acc << 8) | b);
        var last = value + count - 1;
        // The multicast bit is the low bit of the first octet (bit 40 of the number): look for the
        // first value in [value, last] with it set, or past 48 bits.
        for (var firstOctet = value >> 40; firstOctet <= last >> 40; firstOctet++)
        {
            var start = Math.Max(value, firstOctet << 40);
            if (firstOctet > 0xFF || (firstOctet & 1) == 1) return (int)(start - value) + 1;
        }
        return null;
    }
}
