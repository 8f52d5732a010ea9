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
    /// The IPv4 address of conlink's own Docker interface, when it has one. Links with forwards over
    /// IPv4 get a return route to it (<c>ADDRESS/32</c>), and those forwards cannot work without it.
    /// </summary>
    public IPAddress? DockerEth0Address { get; init; }

    /// <summary>
    /// The global IPv6 address of conlink's own Docker interface, when it has one. Links with an
    /// IPv6 address and forwards get a return route to it (<c>ADDRESS/128</c>) and are forwarded
    /// over IPv6 too (see <see cref="ForwardFamilies"/>).
    /// </summary>
    public IPAddress? DockerEth0Ipv6Address { get; init; }

    /// <summary>
    /// Why forwards cannot go over IPv6 although <see cref="DockerEth0Ipv6Address"/> is set (IPv6
    /// forwarding is off in conlink's namespace and cannot be turned on, say); null when they can.
    /// </summary>
    public string? Ipv6ForwardingProblem { get; init; }
}
