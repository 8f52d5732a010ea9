namespace Conlink.Actors.Runtime;

public enum ContainerEventKind
{
    Start,
    Die,
}

public sealed record ContainerEvent(ContainerEventKind Kind, string ContainerId);
