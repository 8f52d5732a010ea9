namespace Conlink.Kernel.Traffic;

/// <summary>
/// A link whose traffic is asked for, as the engine's status names it: its id
/// (<c>CONTAINER:DEV</c>, or <c>tunnel:DEV</c>), the container that owns it and its device there.
/// </summary>
public sealed record TrafficLink(string Id, string Container, string Dev);
