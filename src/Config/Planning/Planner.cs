using Conlink.Config.Model;
using Conlink.Syntax.Routes;

namespace Conlink.Config.Planning;

/// <summary>
/// Decides, without side effects, what conlink must build for one container: which links and
/// commands apply to it, and each link resolved for this replica.
/// </summary>
/// <remarks>
/// Replica N (1-based) is offset by N-1: the IP (prefix kept; leaving the subnet is an error),
/// the MAC (as a 48-bit number) and each forward's outer port. The VLAN id is not offset: all
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
            Ip = link.Ip is { } ip ? OffsetIp(ip, offset, problems) : null,
            Mac = link.Mac is { } mac
                ? MacAddresses.Offset(mac, offset) ?? Fail<System.Net.NetworkInformation.PhysicalAddress>(problems,
                    $"mac {MacAddresses.Format(mac)} plus replica offset {offset} is not a usable unicast MAC address")
                : null,
            Route = ReturnRoute(link, context, problems) is { } returnRoute ? [.. link.Route, returnRoute] : link.Route,
            Forward = link.Forward.Select(f => OffsetForward(f, offset, problems)).OfType<ForwardSpec>().ToList(),
        };
        return problems.Count == 0 ? plan : plan with { Problem = string.Join("; ", problems), Forward = [] };
    }

    private static CidrAddress? OffsetIp(CidrAddress ip, int offset, List<string> problems)
    {
        if (ip.Offset(offset) is not { } moved)
            problems.Add($"ip {ip} plus replica offset {offset} leaves the subnet {ip.Network}");
        else if (offset > 0 && Validation.HostAddress.InterfaceProblem(moved) is { } problem)
            problems.Add($"ip {ip} plus replica offset {offset} is {moved}, which cannot be a host address: {problem}");
        else return moved;
        return null;
    }

    private static Parsed<RouteSpec>? ReturnRoute(LinkSpec link, PlanningContext context, List<string> problems)
    {
        if (link.Forward.Count == 0) return null;
        return context.DockerEth0Address is { } address
            ? new Parsed<RouteSpec>($"{address}/32", new RouteSpec { Destination = new System.Net.IPNetwork(address, 32) })
            : Fail<Parsed<RouteSpec>>(problems, "forward needs conlink's own Docker interface (eth0), but conlink has none");
    }

    private static ForwardSpec? OffsetForward(ForwardSpec forward, int offset, List<string> problems)
    {
        var outer = forward.OuterPort + offset;
        return outer <= 65535
            ? forward with { OuterPort = outer }
            : Fail<ForwardSpec>(problems, $"forward {forward} plus replica offset {offset} needs port {outer}, above 65535");
    }

    private static T? Fail<T>(List<string> problems, string problem) where T : class
    {
        problems.Add(problem);
        return default;
    }
}
