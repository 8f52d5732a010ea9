namespace Conlink.Actors.Status;

public enum LinkState
{
    Planned,
    Creating,
    Ready,
    Failed,
}
