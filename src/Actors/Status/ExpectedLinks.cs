using Conlink.Actors.Control;
using Conlink.Config.Planning;

namespace Conlink.Actors.Status;

/// <summary>
/// Which links the status tracker expects of one container, decided from its plan and its state:
/// a running container's links start planned; a container that is only created (made by compose,
/// not started yet) has the same links expected, planned, with the reason <see cref="NotStartedYet"/>,
/// so "All links connected" waits for it. An exited container expects nothing (it is not asked for).
/// </summary>
public static class ExpectedLinks
{
    public const string NotStartedYet = "container created, not started yet";

    public static IReadOnlyList<LinkStatus> Of(ContainerPlan plan, bool started, IReadOnlyDictionary<string, LinkOverride> overrides, DateTimeOffset now) =>
        plan.Links.Select(link => Of(plan.Container, link, started, overrides, now)).ToList();

    private static LinkStatus Of(ContainerIdentity container, LinkPlan link, bool started, IReadOnlyDictionary<string, LinkOverride> overrides, DateTimeOffset now)
    {
        var status = new LinkStatus(
            link.Id, container.Name, link.Dev, LinkState.Planned, started ? null : NotStartedYet,
            link.Ips.Count > 0 ? string.Join(',', link.Ips) : null, link.Mac is { } mac ? Config.Model.MacAddresses.Format(mac) : null,
            link.Bridge?.Name ?? link.OuterDev, now)
        {
            Service = container.Service,
            Replica = container.Service is null ? null : container.Index,
            Type = link.Type.ToString().ToLowerInvariant(),
            Netem = link.Netem?.Text,
        };
        return overrides.TryGetValue(link.Dev, out var o) ? StatusTracker.WithOverride(status, o) : status;
    }
}
