using System.Net.Sockets;
using Conlink.Config.Model;
using Conlink.Syntax.Routes;

namespace Conlink.Config.Planning;

/// <summary>
/// Decides, without side effects, what conlink must build for one container: which links and
/// commands apply to it, and each link resolved for this replica.
/// </summary>
/// <remarks>
/// Replica N (1-based) is offset by N-1 (see <see cref="ReplicaOffsets"/>): every IP, IPv4 and IPv6
/// (prefix kept; leaving the subnet is an error), the MAC (as a 48-bit number) and each forward's outer port. The VLAN id is not offset: all
/// replicas join the same VLAN, as in the original.
/// </remarks>
public static class Planner
{
    /// <exception cref="PlanningException">A container link and a service link define the same interface.</exception>
    public static ContainerPlan Plan(ContainerIdentity container, NetworkConfig config, PlanningContext context)
    {
        var endpoints = new List<EndpointConfig>();
        if (config.Containers.TryGetValue(container.Name, out var byName)) endpoints.Add(byName);
        if (container.Service is { } service && IsSameProject(container, context) && config.Services.TryGetValue(service, out var byService))
            endpoints.Add(byService);

        var links = endpoints.SelectMany(e => e.Links).Select(l => PlanLink(container, l, context)).ToList();
        foreach (var duplicate in links.GroupBy(l => l.Dev).Where(g => g.Count() > 1))
            throw new PlanningException(duplicate.First().Id, "both a container link and a service link define this interface");
        return new ContainerPlan(container, links, endpoints.SelectMany(e => e.Commands).ToList());
    }

    private static bool IsSameProject(ContainerIdentity container, PlanningContext context) =>
        (context.ComposeProject is null || context.ComposeProject == container.Project)
        && (context.ComposeWorkingDir is null || context.ComposeWorkingDir == container.ProjectWorkingDir);

    /// <summary>
    /// The link resolved for this replica. A link that cannot be (its offset IP leaves the subnet,
    /// say) is planned with <see cref="LinkPlan.Problem"/> set: that link fails, the container's
    /// other links are still made.
    /// </summary>
    private static LinkPlan PlanLink(ContainerIdentity container, LinkSpec link, PlanningContext context)
    {
        var id = $"{container.Name}:{link.Dev}";
        var offset = container.Index - 1;
        var problems = new List<string>();
        var forwardFamilies = ForwardFamilies.Of(link, context);
        var returnRoutes = ReturnRoutes(forwardFamilies, context, problems);
        var plan = new LinkPlan(link)
        {
            Id = id,
            OuterDev = link.Base switch
            {
                LinkBase.Conlink => OuterDevName.For(link, container.Index),
                LinkBase.Host => link.OuterDev,
                _ => null,
            },
            Ips = link.Ips.Select(ip => Resolve(ReplicaOffsets.Ip(ip, offset), problems)).OfType<CidrAddress>().ToList(),
            Mac = link.Mac is { } mac ? ResolveRef(ReplicaOffsets.Mac(mac, offset), problems) : null,
            Route = returnRoutes.Count == 0 ? link.Route : [.. link.Route, .. returnRoutes],
            Forward = link.Forward.Select(f => ResolveRef(ReplicaOffsets.Forward(f, offset), problems)).OfType<ForwardSpec>().ToList(),
            ForwardOver = forwardFamilies.Usable,
        };
        return problems.Count == 0 ? plan : plan with { Problem = string.Join("; ", problems), Forward = [], ForwardOver = [] };
    }

    /// <summary>
    /// The return routes of a link's forwards, one per family it is forwarded over: to conlink's
    /// Docker address of that family (<c>ADDRESS/32</c>, <c>ADDRESS/128</c>), on the link, so the
    /// replies to masqueraded traffic go back to conlink whatever the link's other routes say.
    /// </summary>
    private static IReadOnlyList<Parsed<RouteSpec>> ReturnRoutes(ForwardFamilies families, PlanningContext context, List<string> problems)
    {
        if (families.Usable.Count == 0 && families.Unusable.Count > 0)
        {
            problems.Add(string.Join("; ", families.Unusable));
            return [];
        }
        return families.Usable.Select(family =>
        {
            var address = family == AddressFamily.InterNetwork ? context.DockerEth0Address! : context.DockerEth0Ipv6Address!;
            var prefix = family == AddressFamily.InterNetwork ? 32 : 128;
            return new Parsed<RouteSpec>($"{address}/{prefix}", new RouteSpec { Destination = new System.Net.IPNetwork(address, prefix) });
        }).ToList();
    }

    private static T? ResolveRef<T>((T? Value, string? Problem) offset, List<string> problems) where T : class
    {
        if (offset.Problem is { } problem) problems.Add(problem);
        return offset.Value;
    }

    private static T? Resolve<T>((T? Value, string? Problem) offset, List<string> problems) where T : struct
    {
        if (offset.Problem is { } problem) problems.Add(problem);
        return offset.Value;
    }

}
