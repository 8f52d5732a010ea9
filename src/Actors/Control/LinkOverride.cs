using Conlink.Config.Model;

namespace Conlink.Actors.Control;

/// <summary>
/// How a running link differs from its config because a user said so: held down, or with another
/// netem, and since when. Kept across container restarts, forgotten when conlink restarts.
/// </summary>
public sealed record LinkOverride(DateTimeOffset? DownSince, NetemSetting? Netem, DateTimeOffset? NetemSince)
{
    public static LinkOverride None { get; } = new(null, null, null);

    public bool Down => DownSince is not null;

    public bool IsNone => DownSince is null && Netem is null;

    /// <summary>The override after <paramref name="change"/> (pure).</summary>
    public LinkOverride After(LinkChange change, DateTimeOffset now) => change switch
    {
        LinkChange.Down => this with { DownSince = DownSince ?? now },
        LinkChange.Up => this with { DownSince = null },
        LinkChange.SetNetem set => this with { Netem = set.Netem, NetemSince = now },
        LinkChange.ResetNetem => this with { Netem = null, NetemSince = null },
        _ => this,
    };

    /// <summary>The earliest moment the link stopped being as declared; null when it is as declared.</summary>
    public DateTimeOffset? Since => new[] { DownSince, NetemSince }.Where(t => t is not null).Min();
}
