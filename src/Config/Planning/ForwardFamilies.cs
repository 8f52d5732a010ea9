using System.Net.Sockets;
using Conlink.Config.Model;

namespace Conlink.Config.Planning;

/// <summary>
/// The address families a link's port forwards go over: each family of which the link has an
/// address and conlink's own Docker interface a usable one (see <see cref="PlanningContext"/>),
/// and for each family the link has but cannot be forwarded over, why. A dual-stack link whose
/// conlink has no usable IPv6 is forwarded over IPv4 alone; a link none of whose families is
/// usable cannot be forwarded to at all (planning fails it, and run mode refuses to start).
/// </summary>
public sealed record ForwardFamilies(IReadOnlyList<AddressFamily> Usable, IReadOnlyList<string> Unusable)
{
    private static readonly ForwardFamilies None = new([], []);

    /// <summary>The message of a link with forwards when conlink has no Docker interface at all.</summary>
    public const string NoDockerInterface = "forward needs conlink's own Docker interface (eth0), but conlink has none";

    public static ForwardFamilies Of(LinkSpec link, PlanningContext context)
    {
        if (link.Forward.Count == 0) return None;
        if (context.DockerEth0Address is null && context.DockerEth0Ipv6Address is null) return new([], [NoDockerInterface]);
        var usable = new List<AddressFamily>();
        var unusable = new List<string>();
        foreach (var family in (AddressFamily[])[AddressFamily.InterNetwork, AddressFamily.InterNetworkV6])
        {
            if (link.PrimaryIp(family) is null) continue;
            if (Problem(family, context) is { } problem) unusable.Add(problem);
            else usable.Add(family);
        }
        return new(usable, unusable);
    }

    private static string? Problem(AddressFamily family, PlanningContext context) =>
        family == AddressFamily.InterNetwork
            ? context.DockerEth0Address is null
                ? "forward over IPv4 needs an IPv4 address on conlink's own Docker interface (eth0), and it has none"
                : null
            : context.DockerEth0Ipv6Address is null
                ? "forward over IPv6 needs a global IPv6 address on conlink's own Docker interface (eth0), and it has none "
                  + "(put conlink's service on a Docker network with enable_ipv6 and an IPv6 subnet)"
                : context.Ipv6ForwardingProblem is { } problem ? "forward over IPv6: " + problem : null;
}
