namespace Conlink.Netlink.Neighbours;

/// <summary>
/// NUD_* states (linux/neighbour.h). For FDB entries <c>bridge fdb</c> uses three combinations:
/// <see cref="FdbPermanent"/> (its default), <see cref="FdbStatic"/> (<c>static</c>) and
/// <see cref="Reachable"/> alone (<c>dynamic</c>, which ages out).
/// </summary>
[Flags]
public enum NeighbourState : ushort
{
    None = 0,
    Incomplete = 0x01,
    Reachable = 0x02,
    Stale = 0x04,
    Delay = 0x08,
    Probe = 0x10,
    Failed = 0x20,
    NoArp = 0x40,
    Permanent = 0x80,

    /// <summary>What <c>bridge fdb add</c> sends by default: never ages out (on a bridge: a local address).</summary>
    FdbPermanent = Permanent | NoArp,
    /// <summary>
    /// <c>bridge fdb add ... static</c>: a bridge entry that never ages out and is not the bridge's
    /// own. The kernel reports it back as <see cref="NoArp"/>.
    /// </summary>
    FdbStatic = Reachable | NoArp,
}
