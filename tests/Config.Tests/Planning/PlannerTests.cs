using System.Net;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Config.Tests.Support;
using Conlink.Syntax.LinkModes;
using Conlink.Syntax.Routes;

namespace Conlink.Config.Tests.Planning;

public class PlannerTests
{
    private static readonly IPAddress DockerEth0 = IPAddress.Parse("172.18.0.2");
    private static readonly PlanningContext WithDockerEth0 = new() { DockerEth0Address = DockerEth0 };

    private static ContainerIdentity Replica(string service, int index, string? project = null) => new()
    {
        Id = $"id-{service}-{index}",
        Name = $"proj-{service}-{index}",
        Service = service,
        Index = index,
        Project = project,
    };

    private static ContainerIdentity Named(string name) => new() { Id = $"id-{name}", Name = name };

    private static LinkPlan PlanOne(string yaml, ContainerIdentity container, PlanningContext? context = null) =>
        Assert.Single(Planner.Plan(container, TestConfig.Network(yaml), context ?? WithDockerEth0).Links);

    [Fact]
    public void Replica_n_offsets_ip_mac_and_forward_outer_ports_by_n_minus_one()
    {
        const string yaml = "links: [{service: node, bridge: s1, ip: 10.0.1.1/16, mac: 02:00:00:00:00:fe, forward: [8000:80/tcp, 53:53/udp]}]";

        var plan = PlanOne(yaml, Replica("node", 3));

        Assert.Equal("10.0.1.3/16", plan.Ips.Single().ToString());
        Assert.Equal("02:00:00:00:01:00", MacAddresses.Format(plan.Mac!));
        Assert.Equal([new ForwardSpec(8002, 80, ForwardProtocol.Tcp), new ForwardSpec(55, 53, ForwardProtocol.Udp)], plan.Forward);
    }

    [Fact]
    public void The_first_replica_is_planned_as_declared()
    {
        var plan = PlanOne("links: [{service: node, bridge: s1, ip: 10.0.1.1/16, mac: 02:00:00:00:00:01}]", Replica("node", 1));

        Assert.Equal("10.0.1.1/16", plan.Ips.Single().ToString());
        Assert.Equal("02:00:00:00:00:01", MacAddresses.Format(plan.Mac!));
    }

    [Fact]
    public void The_vlan_id_is_not_offset_so_all_replicas_join_the_same_vlan()
    {
        var plan = PlanOne("links: [{service: node, type: vlan, outer-dev: eth0, vlanid: 5}]", Replica("node", 4));

        Assert.Equal(5, plan.VlanId);
    }

    [Fact]
    public void An_ip_offset_that_leaves_the_subnet_fails_that_link_with_the_reason()
    {
        var plan = PlanOne("links: [{service: node, bridge: s1, ip: 10.0.0.254/24}]", Replica("node", 3));

        Assert.Equal("proj-node-3:eth0", plan.Id);
        Assert.Equal("ip 10.0.0.254/24 plus replica offset 2 leaves the subnet 10.0.0.0/24", plan.Problem);
    }

    [Fact]
    public void A_mac_offset_that_reaches_a_multicast_address_fails_that_link_with_the_reason()
    {
        var plan = PlanOne("links: [{service: node, bridge: s1, mac: fe:ff:ff:ff:ff:ff}]", Replica("node", 2));

        Assert.Equal("proj-node-2:eth0", plan.Id);
        Assert.Equal("mac fe:ff:ff:ff:ff:ff plus replica offset 1 is not a usable unicast MAC address", plan.Problem);
    }

    [Fact]
    public void A_forward_offset_beyond_port_65535_fails_that_link_with_the_reason()
    {
        const string yaml = "links: [{service: node, bridge: s1, ip: 10.0.0.1/24, forward: 65535:80/tcp}]";

        var plan = PlanOne(yaml, Replica("node", 2));

        Assert.Equal("proj-node-2:eth0", plan.Id);
        Assert.Equal("forward 65535:80/tcp plus replica offset 1 needs port 65536, above 65535", plan.Problem);
    }

    [Fact]
    public void Forward_links_get_a_return_route_to_conlinks_docker_address()
    {
        var plan = PlanOne("links: [{service: node, bridge: s1, ip: 10.0.0.1/24, route: default via 10.0.0.254, forward: 80:80/tcp}]", Replica("node", 1));

        Assert.Equal(["default via 10.0.0.254", "172.18.0.2/32"], plan.Route.Select(r => r.Text));
        Assert.Equal(RouteSpec.Parse("172.18.0.2/32"), plan.Route[1].Value);
    }

    [Fact]
    public void Forward_links_cannot_be_planned_without_conlinks_docker_address()
    {
        var plan = PlanOne("links: [{service: node, bridge: s1, ip: 10.0.0.1/24, forward: 80:80/tcp}]", Replica("node", 1), PlanningContext.Default);

        Assert.Equal("proj-node-1:eth0", plan.Id);
        Assert.Equal("forward needs conlink's own Docker interface (eth0), but conlink has none", plan.Problem);
    }

    [Fact]
    public void Links_without_forwards_get_no_return_route()
    {
        Assert.Empty(PlanOne("links: [{service: node, bridge: s1, ip: 10.0.0.1/24}]", Replica("node", 1)).Route);
    }

    [Fact]
    public void A_link_plan_carries_everything_the_engine_needs()
    {
        const string yaml = "links: [{container: probe, bridge: s1, dev: e1, ip: 10.0.0.5/24, nat: 10.0.0.9, mtu: 1400, netem: delay 5ms, ethtool: -K rx off}]";

        var plan = PlanOne(yaml, Named("probe"));

        Assert.Equal("probe:e1", plan.Id);
        Assert.Equal((LinkType.Veth, LinkBase.Conlink, "e1", "probe-e1"), (plan.Type, plan.Base, plan.Dev, plan.OuterDev));
        Assert.Equal(new BridgeSpec("s1", BridgeMode.Linux), plan.Bridge);
        Assert.Equal((IPAddress.Parse("10.0.0.9"), 1400), (plan.Nat, plan.Mtu));
        Assert.Equal(["delay 5ms"], plan.Netem!.Lines);
        Assert.Equal(TimeSpan.FromMilliseconds(5), plan.Netem.Spec.Delay);
        Assert.Equal(["--offload tx off", "-K rx off"], plan.Ethtool);
    }

    [Fact]
    public void Host_parent_links_use_their_parent_as_outer_dev_and_dummies_have_none()
    {
        const string yaml = "links: [{container: c, type: macvlan, outer-dev: enp3s0, mode: bridge}, {container: c, type: dummy, dev: d0}]";

        var links = Planner.Plan(Named("c"), TestConfig.Network(yaml), PlanningContext.Default).Links;

        Assert.Equal(["enp3s0", null], links.Select(l => l.OuterDev));
        Assert.Equal("bridge", links[0].Mode!.Text);
        Assert.Equal(new MacvlanLinkMode(MacvlanMode.Bridge), links[0].Mode!.Value);
    }

    [Fact]
    public void Container_links_match_by_exact_name_and_service_links_by_service()
    {
        const string yaml = "links: [{container: proj-node-2, bridge: s1, dev: e9}, {service: node, bridge: s1}]\ncommands: [{service: node, command: ls}]";
        var config = TestConfig.Network(yaml);

        var second = Planner.Plan(Replica("node", 2), config, PlanningContext.Default);
        var first = Planner.Plan(Replica("node", 1), config, PlanningContext.Default);
        var other = Planner.Plan(Replica("web", 1), config, PlanningContext.Default);

        Assert.Equal(["proj-node-2:e9", "proj-node-2:eth0"], second.Links.Select(l => l.Id));
        Assert.Equal(["proj-node-1:eth0"], first.Links.Select(l => l.Id));
        Assert.Single(first.Commands);
        Assert.True(other.IsEmpty);
    }

    [Fact]
    public void Service_links_apply_only_within_conlinks_project_when_it_is_known()
    {
        var config = TestConfig.Network("links: [{service: node, bridge: s1}]");
        var context = new PlanningContext { ComposeProject = "mine", ComposeWorkingDir = "/src/mine" };

        Assert.Empty(Planner.Plan(Replica("node", 1, project: "theirs") with { ProjectWorkingDir = "/src/mine" }, config, context).Links);
        Assert.Empty(Planner.Plan(Replica("node", 1, project: "mine") with { ProjectWorkingDir = "/src/other" }, config, context).Links);
        Assert.Single(Planner.Plan(Replica("node", 1, project: "mine") with { ProjectWorkingDir = "/src/mine" }, config, context).Links);
        Assert.Single(Planner.Plan(Replica("node", 1, project: "mine"), config, new PlanningContext { ComposeProject = "mine" }).Links);
        Assert.Single(Planner.Plan(Replica("node", 1, project: "anything"), config, PlanningContext.Default).Links);
    }

    [Fact]
    public void A_container_and_a_service_link_for_the_same_interface_cannot_both_apply()
    {
        var config = TestConfig.Network("links: [{container: proj-node-1, bridge: s1}, {service: node, bridge: s2}]");

        var error = Assert.Throws<PlanningException>(() => Planner.Plan(Replica("node", 1), config, PlanningContext.Default));

        Assert.Equal("link proj-node-1:eth0: both a container link and a service link define this interface", error.Message);
    }
}
