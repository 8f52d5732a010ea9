namespace Conlink.Docker;

/// <summary>
/// One event of a Docker engine's (or podman's Docker-compatible) <c>GET /events</c> stream, whichever
/// shape it came in: API 1.52 and later send only <c>Type</c>, <c>Action</c> and <c>Actor.ID</c>; older
/// engines and podman send <c>status</c>, <c>id</c> and <c>from</c> as well; engines before API 1.22 only those.
/// </summary>
/// <param name="Type">"container", "network", ...; "container" when the engine sent no type (before API 1.22).</param>
/// <param name="Action">"start", "die", ... (podman adds "init", "cleanup", "remove").</param>
/// <param name="ActorId">The container id for container events.</param>
/// <param name="Attributes">The actor's attributes: the container's labels, its name and image, and per action extras (exitCode, signal).</param>
/// <param name="TimeNano">When it happened, in nanoseconds since the epoch (0 when the engine sent no time).</param>
public sealed record DockerEngineEvent(
    string Type,
    string Action,
    string ActorId,
    IReadOnlyDictionary<string, string> Attributes,
    long TimeNano);
