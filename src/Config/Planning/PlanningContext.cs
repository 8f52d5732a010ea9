using System.Net;

namespace Conlink.Config.Planning;

/// <summary>
/// What conlink knows about itself when planning a container's links.
/// </summary>
/// <remarks>
/// Service links apply only to containers of conlink's own compose project: when
/// <see cref="ComposeProject"/> is set the container's project must equal it, and when
/// <see cref="ComposeWorkingDir"/> is set so must its working dir. Conlink running in a compose
/// project sets both from its own labels; <c>--compose-project</c> sets only the project; with
/// neither, service links match containers of any project.
/// </remarks>
public sealed record PlanningContext
{
    public static PlanningContext Default { get; } = new();

    public string? ComposeProject { get; init; }
    public string? ComposeWorkingDir { get; init; }

    /// <summary>
    /// The IPv4 address of conlink's own Docker interface, when it has one. Links with forwards
    /// get a return route to it (<c>ADDRESS/32</c>), and forwards cannot work without it.
    /// </summary>
    public IPAddress? DockerEth0Address { get; init; }
}
