namespace Conlink.Netlink.Links;

/// <summary>
/// A link's counters (IFLA_STATS64), as <c>ip -s link</c> shows them: totals since the link was
/// created, which only grow. Rates come from two reads.
/// </summary>
public sealed record LinkStatistics
{
    public ulong RxBytes { get; init; }
    public ulong RxPackets { get; init; }
    public ulong RxErrors { get; init; }
    public ulong RxDropped { get; init; }
    /// <summary>Multicast frames received.</summary>
    public ulong Multicast { get; init; }
    public ulong TxBytes { get; init; }
    public ulong TxPackets { get; init; }
    public ulong TxErrors { get; init; }
    public ulong TxDropped { get; init; }
    public ulong Collisions { get; init; }
    /// <summary>Frames dropped because no protocol wanted them.</summary>
    public ulong RxNoHandler { get; init; }
}
