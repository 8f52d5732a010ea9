namespace Conlink.Host.Traffic;

/// <summary>A link's counter totals since it was made (IFLA_STATS64): they only grow until it is made again.</summary>
public sealed record LinkTotals(
    ulong RxBytes, ulong RxPackets, ulong RxErrors, ulong RxDropped,
    ulong TxBytes, ulong TxPackets, ulong TxErrors, ulong TxDropped);
