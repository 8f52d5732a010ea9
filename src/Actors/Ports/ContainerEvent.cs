namespace Conlink.Actors.Ports;

public enum ContainerEventKind
{
    Start,
    Die,
}

public sealed record ContainerEvent(ContainerEventKind Kind, string ContainerId);
