namespace Conlink.Actors.Ports;

public enum InterfaceEventKind
{
    /// <summary>An interface disappeared from the bridge namespace.</summary>
    Removed,
    /// <summary>Events were lost: anyone who cares must check the kernel again.</summary>
    Resync,
}

/// <summary>Something happened in the bridge namespace that conlink did not necessarily do itself.</summary>
public sealed record InterfaceEvent(InterfaceEventKind Kind, string? Name);
