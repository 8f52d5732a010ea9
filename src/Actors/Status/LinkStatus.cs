namespace Conlink.Actors.Status;

/// <summary>What conlink knows of one expected link (or tunnel) right now.</summary>
public sealed record LinkStatus(
    string Id,
    string Owner,
    string Dev,
    LinkState State,
    string? Reason,
    string? Ip,
    string? Mac,
    string? Attachment,
    DateTimeOffset Since)
{
    /// <summary>The compose service of the owning container, when it has one.</summary>
    public string? Service { get; init; }

    /// <summary>The replica number of the owning container within its service (1 for the first).</summary>
    public int? Replica { get; init; }

    /// <summary>The link type as the config names it (<c>veth</c>, <c>macvlan</c>, <c>vxlan</c>...).</summary>
    public string? Type { get; init; }
}
