namespace Conlink.Netlink.Links;

/// <summary>One link's counters from a statistics dump, by interface index: no name, flags or alias come with them.</summary>
public sealed record LinkStatisticsEntry(int Index, LinkStatistics Statistics);
