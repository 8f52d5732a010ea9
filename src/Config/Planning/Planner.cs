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
    /// <exception cref="PlanningException">A link cannot be resolved for this replica.</exception>
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

    private static LinkPlan PlanLink(ContainerIdentity container, LinkSpec link, PlanningContext context)
    {
        var id = $"{container.Name}:{link.Dev}";
        var offset = container.Index - 1;
        return new LinkPlan(link)
        {
            Id = id,
            OuterDev = link.Base switch
            {
                LinkBase.Conlink => OuterDevName.For(link, container.Index),
                LinkBase.Host => link.OuterDev,
                _ => null,
            },
            Ips = link.Ips.Select(ip => ResolveValue(id, ReplicaOffsets.Ip(ip, offset))).ToList(),
            Mac = link.Mac is { } mac ? Resolve(id, ReplicaOffsets.Mac(mac, offset)) : null,
            Route = ReturnRoute(id, link, context) is { } returnRoute ? [.. link.Route, returnRoute] : link.Route,
            Forward = link.Forward.Select(f => Resolve(id, ReplicaOffsets.Forward(f, offset))).ToList(),
        };
    }

    private static Parsed<RouteSpec>? ReturnRoute(string id, LinkSpec link, PlanningContext context)
    {
        if (link.Forward.Count == 0) return null;
        return context.DockerEth0Address is { } address
            ? new Parsed<RouteSpec>($"{address}/32", new RouteSpec { Destination = new System.Net.IPNetwork(address, 32) })
            : throw new PlanningException(id, "forward needs conlink's own Docker interface (eth0), but conlink has none");
    }

    private static T Resolve<T>(string id, (T? Value, string? Problem) offset) where T : class =>
        offset.Value ?? throw new PlanningException(id, offset.Problem!);

    private static T ResolveValue<T>(string id, (T? Value, string? Problem) offset) where T : struct =>
        offset.Value ?? throw new PlanningException(id, offset.Problem!);
}
