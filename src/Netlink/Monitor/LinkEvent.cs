using Conlink.Netlink.Links;

namespace Conlink.Netlink.Monitor;

/// <summary>Something happened to an interface; <see cref="Link"/> is its state as of the event (null for <see cref="LinkEventKind.EventsLost"/>).</summary>
public sealed record LinkEvent(LinkEventKind Kind, Link? Link)
{
    public override string ToString() => $"{Kind} {Link}";
}
