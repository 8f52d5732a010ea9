using Conlink.Actors.Status;

namespace Conlink.Host.Traffic;

/// <summary>
/// One link at one moment: its status and, when it exists in the kernel, its counters as the
/// container sees its interface (rx: what the container received) and whether it is up and running.
/// </summary>
public sealed record LinkReading(LinkStatus Link, LinkTotals? Totals, bool Running);
