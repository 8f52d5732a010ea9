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
            Route = ReturnRoute(link, context, problems) is { } returnRoute ? [.. link.Route, returnRoute] : link.Route,
            Forward = link.Forward.Select(f => ResolveRef(ReplicaOffsets.Forward(f, offset), problems)).OfType<ForwardSpec>().ToList(),
        };
        return problems.Count == 0 ? plan : plan with { Problem = string.Join("; ", problems), Forward = [] };
    }

    private static Parsed<RouteSpec>? ReturnRoute(LinkSpec link, PlanningContext context, List<string> problems)
    {
        if (link.Forward.Count == 0) return null;
        return context.DockerEth0Address is { } address
            ? new Parsed<RouteSpec>($"{address}/32", new RouteSpec { Destination = new System.Net.IPNetwork(address, 32) })
            : Fail<Parsed<RouteSpec>>(problems, "forward needs conlink's own Docker interface (eth0), but conlink has none");
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

    private static T? Fail<T>(List<string> problems, string problem) where T : class
    {
        problems.Add(problem);
        return default;
    }
}
