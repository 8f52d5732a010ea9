using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Encoding.Structs;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;

namespace Conlink.Netlink;

public sealed partial class NetlinkHandle
{
    /// <summary>
    /// Every link's counters in one RTM_GETSTATS dump (<c>ip stats show group link</c>), asking for
    /// IFLA_STATS_LINK_64 only. Each reply is a small fixed header and the counters, where a link
    /// dump (<see cref="LinkList(bool)"/>) also carries every attribute of the link and, for a bridge
    /// port, its whole port state: for a thousand bridge ports this is several times cheaper.
    /// </summary>
    public IReadOnlyList<LinkStatisticsEntry> LinkStatisticsList()
    {
        using var request = _connection.Begin(MessageType.GetStats, MessageFlags.Dump, new OperationContext(Operation.LinkStatisticsList));
        request.Writer.WriteFixed(new IfStatsMsg { FilterMask = 1u << ((int)StatsAttribute.Link64 - 1) });
        return request.Dump<LinkStatisticsEntry>(LinkParser.ParseStatisticsEntry);
    }
}
