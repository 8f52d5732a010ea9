using System.Net;

namespace Conlink.Actors.Ports;

/// <summary>A member's place in the cluster's life cycle, as Akka.Cluster reports it.</summary>
public enum MemberStatus
{
    Joining,
    WeaklyUp,
    Up,
    Leaving,
    Exiting,
    Down,
    Removed,
}

/// <summary>
/// One conlink in the cluster: its address (the host part is its underlay IP, where vxlan frames
/// to it go), its status and reachability, and the bridges it spans (name to VNI).
/// </summary>
public sealed record ClusterMember(string Address, IPAddress Host, MemberStatus Status, bool Reachable, bool IsSelf,
    IReadOnlyDictionary<string, int> Spans)
{
    /// <summary>How <c>conlink status</c> shows it: up, unreachable, leaving, joining, ...</summary>
    public string State => !Reachable && Status is MemberStatus.Up or MemberStatus.WeaklyUp ? "unreachable"
        : Status switch
        {
            MemberStatus.WeaklyUp => "weakly-up",
            _ => Status.ToString().ToLowerInvariant(),
        };
}

/// <summary>
/// The cluster as this member sees it, sent to the engine on every change. <see cref="Joined"/> is
/// false before this member is up and after it was downed or left: then it spans to nobody.
/// </summary>
public sealed record ClusterView(IReadOnlyList<ClusterMember> Members, bool Joined)
{
    public static ClusterView NotJoined { get; } = new([], false);

    /// <summary>
    /// The underlay addresses a spanned bridge floods to: every other member that is up (or weakly
    /// up: joined while another member was unreachable), reachable, and declares the same bridge with
    /// the same VNI. None while this member is not in the cluster.
    /// </summary>
    public IReadOnlySet<IPAddress> FloodPeers(string bridge, int vni) => !Joined
        ? new HashSet<IPAddress>()
        : Members.Where(m => !m.IsSelf && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp && m.Reachable
                && m.Spans.TryGetValue(bridge, out var theirs) && theirs == vni)
            .Select(m => m.Host).ToHashSet();
}
