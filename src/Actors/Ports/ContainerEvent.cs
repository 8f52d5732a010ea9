namespace Conlink.Actors.Ports;

public enum ContainerEventKind
{
    Start,
    Die,
    /// <summary>The container was made but not started (compose makes a project's containers first, then starts them).</summary>
    Create,
    /// <summary>The container was removed.</summary>
    Destroy,
}

public sealed record ContainerEvent(ContainerEventKind Kind, string ContainerId);
