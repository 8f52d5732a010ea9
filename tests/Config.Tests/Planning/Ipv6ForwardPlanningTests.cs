using System.Net;
using System.Net.Sockets;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Planning;

/// <summary>
/// Which families a link's forwards go over: each family of which the link has an address and
/// conlink's Docker interface a usable one, with a return route to conlink's address of that family.
/// </summary>
public class Ipv6ForwardPlanningTests
{
    private static readonly PlanningContext Ipv4Docker = new() { DockerEth0Address = IPAddress.Parse("172.18.0.2") };
    private static readonly PlanningContext DualStackDocker = Ipv4Docker with { DockerEth0Ipv6Address = IPAddress.Parse("fd00:18::2") };

    private const string DualStack = "links: [{service: web, bridge: s1, ip: [10.0.0.1/24, 'fd00:10::1/64'], route: 'default via fd00:10::254', forward: 8080:80/tcp}]";
    private const string Ipv6Only = "links: [{service: web, bridge: s1, ip: 'fd00:10::1/64', forward: [8080:80/tcp, 53:53/udp]}]";

    private static ContainerIdentity Replica(int index) => new() { Id = $"id-{index}", Name = $"p-web-{index}", Service = "web", Index = index };

    private static LinkPlan Plan(string yaml, PlanningContext context, int replica = 1) =>
        Assert.Single(Planner.Plan(Replica(replica), TestConfig.Network(yaml), context).Links);

    [Fact]
    public void A_dual_stack_link_is_forwarded_over_both_families_with_a_return_route_to_each_of_conlinks_addresses()
    {
        var plan = Plan(DualStack, DualStackDocker);

        Assert.Null(plan.Problem);
        Assert.Equal([AddressFamily.InterNetwork, AddressFamily.InterNetworkV6], plan.ForwardOver);
        Assert.Equal(["default via fd00:10::254", "172.18.0.2/32", "fd00:18::2/128"], plan.Route.Select(r => r.Text));
        Assert.Equal(new IPNetwork(IPAddress.Parse("fd00:18::2"), 128), plan.Route[2].Value.Destination);
        Assert.Null(plan.Route[2].Value.Gateway);
    }

    [Fact]
    public void The_second_replica_forwards_its_offset_port_to_its_offset_address_of_each_family()
    {
        var plan = Plan(DualStack, DualStackDocker, replica: 2);

        Assert.Equal([new ForwardSpec(8081, 80, ForwardProtocol.Tcp)], plan.Forward);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), plan.PrimaryIp(AddressFamily.InterNetwork)!.Value.Address);
        Assert.Equal(IPAddress.Parse("fd00:10::2"), plan.PrimaryIp(AddressFamily.InterNetworkV6)!.Value.Address);
        Assert.Equal(["default via fd00:10::254", "172.18.0.2/32", "fd00:18::2/128"], plan.Route.Select(r => r.Text));
    }

    [Fact]
    public void An_ipv6_only_link_is_forwarded_over_ipv6_alone()
    {
        var plan = Plan(Ipv6Only, DualStackDocker);

        Assert.Null(plan.Problem);
        Assert.Equal([AddressFamily.InterNetworkV6], plan.ForwardOver);
        Assert.Equal(["fd00:18::2/128"], plan.Route.Select(r => r.Text));
        Assert.Equal(2, plan.Forward.Count);
    }

    [Fact]
    public void A_dual_stack_link_whose_conlink_has_no_ipv6_address_is_forwarded_over_ipv4_alone()
    {
        var plan = Plan(DualStack, Ipv4Docker);

        Assert.Null(plan.Problem);
        Assert.Equal([AddressFamily.InterNetwork], plan.ForwardOver);
        Assert.Equal(["default via fd00:10::254", "172.18.0.2/32"], plan.Route.Select(r => r.Text));
    }

    [Fact]
    public void A_dual_stack_link_is_forwarded_over_ipv4_alone_when_ipv6_forwarding_cannot_be_turned_on()
    {
        var plan = Plan(DualStack, DualStackDocker with { Ipv6ForwardingProblem = "IPv6 forwarding is off" });

        Assert.Null(plan.Problem);
        Assert.Equal([AddressFamily.InterNetwork], plan.ForwardOver);
    }

    [Fact]
    public void An_ipv6_only_link_fails_with_the_reason_when_conlink_has_no_ipv6_address()
    {
        var plan = Plan(Ipv6Only, Ipv4Docker);

        Assert.Equal("forward over IPv6 needs a global IPv6 address on conlink's own Docker interface (eth0), and it has none "
            + "(put conlink's service on a Docker network with enable_ipv6 and an IPv6 subnet)", plan.Problem);
        Assert.Empty(plan.Forward);
        Assert.Empty(plan.ForwardOver);
    }

    [Fact]
    public void An_ipv6_only_link_fails_with_the_forwarding_problem_when_ipv6_forwarding_cannot_be_turned_on()
    {
        var plan = Plan(Ipv6Only, DualStackDocker with { Ipv6ForwardingProblem = "IPv6 forwarding is off (read-only)" });

        Assert.Equal("forward over IPv6: IPv6 forwarding is off (read-only)", plan.Problem);
    }

    [Fact]
    public void An_ipv4_only_link_is_not_forwarded_over_ipv6_even_when_conlink_has_it()
    {
        var plan = Plan("links: [{service: web, bridge: s1, ip: 10.0.0.1/24, forward: 8080:80/tcp}]", DualStackDocker);

        Assert.Equal([AddressFamily.InterNetwork], plan.ForwardOver);
        Assert.Equal(["172.18.0.2/32"], plan.Route.Select(r => r.Text));
    }

    [Fact]
    public void Links_without_forwards_are_forwarded_over_nothing()
    {
        var plan = Plan("links: [{service: web, bridge: s1, ip: [10.0.0.1/24, 'fd00:10::1/64']}]", DualStackDocker);

        Assert.Empty(plan.ForwardOver);
        Assert.Empty(plan.Route);
    }

    [Fact]
    public void A_forwarded_links_new_address_remakes_its_forwards_since_the_rules_point_at_the_old_one()
    {
        var old = Plan(DualStack, DualStackDocker);
        var moved = Plan(DualStack.Replace("fd00:10::1/64", "fd00:10::9/64", StringComparison.Ordinal), DualStackDocker);

        var diff = LinkDiff.Compare(old, moved);

        Assert.Equal(LinkChangeKind.Remake, diff.Kind);
        Assert.Contains("forward", diff.Fields);
    }

    [Fact]
    public void A_link_forwarded_over_another_family_is_remade()
    {
        var diff = LinkDiff.Compare(Plan(DualStack, Ipv4Docker), Plan(DualStack, DualStackDocker));

        Assert.Equal(LinkChangeKind.Remake, diff.Kind);
        Assert.Contains("forward", diff.Fields);
    }
}
