using System.Collections.Immutable;
using System.Globalization;
using Akka.Cluster;
using Akka.DistributedData;

namespace Conlink.Cluster.Membership;

/// <summary>
/// Which bridges each member spans, as one replicated map (Akka.DistributedData): the key is a
/// member's unique address (a restarted member is a new key), the values are "bridge=vni". Each
/// member writes only its own key; every member removes the key of a member that was removed.
/// </summary>
public static class SpanDirectory
{
    public static readonly ORMultiValueDictionaryKey<string, string> Key = new("conlink-spans");

    /// <summary>The most bridge entries one member may announce; more are ignored (bounded input from the wire).</summary>
    public const int MaxSpansPerMember = 4096;

    public static string MemberKey(UniqueAddress member) => $"{member.Address}#{member.Uid.ToString(CultureInfo.InvariantCulture)}";

    public static IImmutableSet<string> Encode(IReadOnlyDictionary<string, int> spans) =>
        spans.Select(s => $"{s.Key}={s.Value.ToString(CultureInfo.InvariantCulture)}").ToImmutableHashSet(StringComparer.Ordinal);

    /// <summary>The bridges (name to VNI) in one member's entry; malformed values are skipped.</summary>
    public static IReadOnlyDictionary<string, int> Decode(IEnumerable<string> values)
    {
        var spans = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in values.Take(MaxSpansPerMember))
        {
            var equals = value.LastIndexOf('=');
            if (equals > 0 && int.TryParse(value[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var vni))
                spans[value[..equals]] = vni;
        }
        return spans;
    }

    /// <summary>Every member's spans, by <see cref="MemberKey"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Read(ORMultiValueDictionary<string, string> data) =>
        data.Entries.ToDictionary(e => e.Key, e => Decode(e.Value), StringComparer.Ordinal);
}
