using Conlink.Actors.Control;
using Conlink.Actors.Status;
using Conlink.Config.Planning;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>The pure rule for which links a container is expected to get, running or only created.</summary>
public sealed class ExpectedLinksTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 18, 0, 0, TimeSpan.Zero);
    private static readonly ContainerIdentity Node2 = new() { Id = "c2", Name = "proj-node-2", Service = "node", Index = 2 };
    private static readonly IReadOnlyDictionary<string, LinkOverride> NoOverrides = new Dictionary<string, LinkOverride>();

    [Fact]
    public void A_created_container_expects_every_planned_link_as_planned_with_the_reason_that_it_has_not_started()
    {
        var plan = TestPlans.VethPerContainer("eth0", "eth1")(Node2);

        var links = ExpectedLinks.Of(plan, started: false, NoOverrides, Now);

        Assert.Equal(["proj-node-2:eth0", "proj-node-2:eth1"], links.Select(l => l.Id));
        Assert.All(links, l => Assert.Equal((LinkState.Planned, "container created, not started yet", "proj-node-2", "node", (int?)2, Now),
            (l.State, l.Reason, l.Owner, l.Service, l.Replica, l.Since)));
        Assert.Equal("10.0.1.2/24", links[1].Ip);
        Assert.False(links[0].Degraded);
    }

    [Fact]
    public void A_started_container_expects_the_same_links_planned_without_a_reason()
    {
        var plan = TestPlans.VethPerContainer("eth0")(Node2);

        var started = ExpectedLinks.Of(plan, started: true, NoOverrides, Now);
        var created = ExpectedLinks.Of(plan, started: false, NoOverrides, Now);

        Assert.Equal(created.Single() with { Reason = null }, started.Single());
    }
}
