using Conlink.Actors.Ports;

namespace Conlink.Docker;

/// <summary>
/// Maps a decoded engine event (either shape, see <see cref="DockerEngineEvent"/>) to what the engine
/// needs: a container start or die. Everything else (podman's init and cleanup, exec_start, networks...)
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
            _ => null,
        };
    }
}
