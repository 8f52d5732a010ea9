using Conlink.Netlink.Links;

namespace Conlink.Kernel.Traffic;

/// <summary>Where a link's counters were read.</summary>
public enum CounterSource
{
    /// <summary>The veth's outer end in the bridge namespace (its rx and tx swapped to the container's view).</summary>
    OuterEnd,
    /// <summary>The interface in the container (links without an outer end).</summary>
    ContainerEnd,
    /// <summary>A tunnel device in the bridge namespace (rx: from the remote host).</summary>
    Tunnel,
}

/// <summary>
/// One link's counters, always as the container sees its interface (rx: what the container
/// received), whichever end they were read from, and whether the interface is up and running.
/// </summary>
public sealed record LinkCounters(LinkStatistics Statistics, bool Running, CounterSource Source);
