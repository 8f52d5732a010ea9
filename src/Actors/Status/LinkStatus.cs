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
    DateTimeOffset Since);
