using Conlink.Actors.Ports;

namespace Conlink.Docker;

/// <summary>
/// Maps a decoded engine event (either shape, see <see cref="DockerEngineEvent"/>) to what the engine
/// needs: a container start or die, create or destroy. Everything else (podman's init and cleanup, kill, stop, exec_start, networks...)
/// is nothing to conlink.
/// </summary>
public static class DockerEventParser
{
    public static ContainerEvent? Parse(DockerEngineEvent e)
    {
        if (e.Type != "container" || e.ActorId.Length == 0) return null;
        return e.Action switch
        {
            "start" => new ContainerEvent(ContainerEventKind.Start, e.ActorId),
            "die" => new ContainerEvent(ContainerEventKind.Die, e.ActorId),
            "create" => new ContainerEvent(ContainerEventKind.Create, e.ActorId),
            "destroy" or "remove" => new ContainerEvent(ContainerEventKind.Destroy, e.ActorId), // podman says remove
            _ => null,
        };
    }
}
