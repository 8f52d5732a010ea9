using System.Text;

namespace Conlink.Config.Model;

/// <summary>
/// <c>span: cluster</c> on a bridge: the bridge is one L2 segment across every cluster member that
/// declares it, through one vxlan per member (<see cref="Dev"/>) with a flood entry per other member.
/// </summary>
public sealed record ClusterSpan(int Vni, bool VniWasDerived)
{
    public const int MaxVni = (1 << 24) - 1;

    /// <summary>The only <c>span</c> value.</summary>
    public const string Cluster = "cluster";

    /// <summary>Status and trace name the spanned bridge's vxlan <c>span:BRIDGE</c>.</summary>
    public const string LinkIdPrefix = "span:";

    /// <summary>The vxlan interface of the span in conlink's namespace: <c>span-VNI</c>.</summary>
    public string Dev => $"span-{Vni}";

    /// <summary>
    /// The VNI of a spanned bridge without one: FNV-1a of the bridge name folded into 1..2^24-1,
    /// the same on every host and in every version (never string.GetHashCode, which is randomized).
    /// </summary>
    public static int DerivedVni(string bridge)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(bridge))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return (int)(hash % MaxVni) + 1;
    }
}
