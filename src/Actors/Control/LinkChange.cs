using Conlink.Config.Model;

namespace Conlink.Actors.Control;

/// <summary>What a user asks of one running link.</summary>
public abstract record LinkChange
{
    /// <summary>Pull the cable: both ends go down (for links with no outer end, the container end).</summary>
    public sealed record Down : LinkChange;

    /// <summary>Put it back exactly: both ends up, addresses and routes restored.</summary>
    public sealed record Up : LinkChange;

    /// <summary>Replace the link's netem (already parsed with the config grammar).</summary>
    public sealed record SetNetem(NetemSetting Netem) : LinkChange;

    /// <summary>Back to the netem the config declares, which may be none.</summary>
    public sealed record ResetNetem : LinkChange;

    public string Verb => this switch
    {
        Down => "link down",
        Up => "link up",
        SetNetem s => $"netem set {s.Netem.Text}",
        _ => "netem reset",
    };
}
