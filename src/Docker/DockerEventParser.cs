using Conlink.Actors.Ports;

namespace Conlink.Docker;

/// <summary>
/// Maps a Docker event to a container start or die. Older engines set <c>status</c>/<c>id</c>,
/// newer ones <c>Action</c>/<c>Actor.ID</c>; both shapes are accepted.
/// </summary>
public static class DockerEventParser
{
    public static ContainerEvent? Parse(string? type, string? status, string? action, string? id, string? actorId)
    {
        if (type is not null && type != "container") return null;
        var what = string.IsNullOrEmpty(action) ? status : action;
        var container = string.IsNullOrEmpty(actorId) ? id : actorId;
        if (string.IsNullOrEmpty(container)) return null;
        return what switch
        {
            "start" => new ContainerEvent(ContainerEventKind.Start, container),
            "die" => new ContainerEvent(ContainerEventKind.Die, container),
            _ => null,
        };
    }
}
