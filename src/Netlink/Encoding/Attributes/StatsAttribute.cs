namespace Conlink.Netlink.Encoding.Attributes;

/// <summary>IFLA_STATS_* (linux/if_link.h): the groups of an RTM_NEWSTATS message.</summary>
internal enum StatsAttribute : ushort
{
    /// <summary>IFLA_STATS_LINK_64: <c>struct rtnl_link_stats64</c>.</summary>
    Link64 = 1,
}
