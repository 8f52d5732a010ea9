namespace Conlink.Netlink.Monitor;

public enum LinkEventKind
{
    /// <summary>An interface that was not there before.</summary>
    Appeared,
    /// <summary>An interface that was there changed (flags, name, master, ...).</summary>
    Changed,
    /// <summary>An interface was deleted or moved to another namespace.</summary>
    Disappeared,
    /// <summary>The kernel dropped events (the buffer overflowed): list the links again to resynchronize.</summary>
    EventsLost,
}
