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
    /// <summary>The netem the config declares, as written; null: none.</summary>
    public string? Netem { get; init; }

    /// <summary>The user holds the link down (<c>conlink link down</c>).</summary>
    public bool UserDown { get; init; }

    /// <summary>The netem a user set instead of the declared one (<c>conlink netem set</c>); null: as declared.</summary>
    public string? NetemOverride { get; init; }

    /// <summary>Since when the link differs from its config because of the user; null: as declared.</summary>
    public DateTimeOffset? OverriddenSince { get; init; }

    public bool IsOverridden => UserDown || NetemOverride is not null;
    /// <summary>The compose service of the owning container, when it has one.</summary>
    public string? Service { get; init; }

    /// <summary>The replica number of the owning container within its service (1 for the first).</summary>
    public int? Replica { get; init; }

    /// <summary>The link type as the config names it (<c>veth</c>, <c>macvlan</c>, <c>vxlan</c>...).</summary>
    public string? Type { get; init; }
}
