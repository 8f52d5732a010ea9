namespace Conlink.Actors.Status;

public enum LinkState
{
    Planned,
    Creating,
    Ready,
    Failed,
    /// <summary>Held down by the user (<c>conlink link down</c>): expected, and not broken.</summary>
    Down,
}
