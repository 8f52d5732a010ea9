using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Planning;

/// <summary>What re-applying a configuration does to its tunnels and bridges (carried out without a restart).</summary>
public class PlanDiffTunnelBridgeTests
{
    private static PlanDiff Diff(string oldYaml, string newYaml) =>
        PlanDiff.Compute(TestConfig.Network(oldYaml), TestConfig.Network(newYaml), []);

    private const string Links = "links: [{service: node, bridge: s1}]\n";

    [Fact]
    public void A_tunnel_added_is_made_and_one_removed_is_deleted_without_a_restart()
    {
        var diff = Diff(Links + "tunnels: [{type: vxlan, bridge: s1, remote: 10.9.0.1, vni: 1001}]",
            Links + "tunnels: [{type: geneve, bridge: s1, remote: 10.9.0.2, vni: 1002}]");

        Assert.Equal("geneve-1002", Assert.Single(diff.TunnelsAdded).Dev);
        Assert.Equal("vxlan-1001", Assert.Single(diff.TunnelsRemoved).Dev);
        Assert.Equal(["- tunnel vxlan vxlan-1001 vni 1001 remote 10.9.0.1 bridge s1", "+ tunnel geneve geneve-1002 vni 1002 remote 10.9.0.2 bridge s1"], diff.Lines());
        Assert.DoesNotContain(diff.Lines(), l => l.Contains("restart", StringComparison.Ordinal));
        Assert.Equal("0 link change(s) in 0 container(s), 0 bridge change(s), 2 tunnel change(s)", diff.Summary);
    }

    [Fact]
    public void A_tunnel_whose_remote_or_netem_changed_is_one_removed_and_one_added_of_the_same_dev()
    {
        var diff = Diff(Links + "tunnels: [{type: vxlan, bridge: s1, remote: 10.9.0.1, vni: 1001}]",
            Links + "tunnels: [{type: vxlan, bridge: s1, remote: 10.9.0.3, vni: 1001, netem: delay 5ms}]");

        Assert.Equal("vxlan-1001", Assert.Single(diff.TunnelsRemoved).Dev);
        var added = Assert.Single(diff.TunnelsAdded);
        Assert.Equal("vxlan-1001", added.Dev);
        Assert.Equal("10.9.0.3", added.Remote.ToString());
    }

    [Fact]
    public void An_unchanged_tunnel_is_not_in_the_diff()
    {
        const string yaml = Links + "tunnels: [{type: vxlan, bridge: s1, remote: 10.9.0.1, vni: 1001}]";

        Assert.True(Diff(yaml, yaml).IsEmpty);
    }

    [Fact]
    public void A_bridge_no_link_or_tunnel_uses_any_more_is_removed_and_deleted_once_its_links_are_gone()
    {
        var diff = Diff("links: [{service: node, bridge: s1}, {service: node, dev: eth1, bridge: s2}]",
            "links: [{service: node, bridge: s1}, {service: node, dev: eth1, bridge: s3}]");

        Assert.Equal(["s3"], diff.BridgesAdded);
        Assert.Equal(["s2"], diff.BridgesRemoved);
        Assert.Contains("- bridge s2 (no longer declared: deleted once the links leaving it are removed)", diff.Lines());
    }

    [Fact]
    public void A_bridge_still_used_by_a_tunnel_is_kept()
    {
        var diff = Diff("links: [{service: node, bridge: s2}]\ntunnels: [{type: vxlan, bridge: s2, remote: 10.9.0.1, vni: 1001}]",
            "links: [{service: node, bridge: s1}]\ntunnels: [{type: vxlan, bridge: s2, remote: 10.9.0.1, vni: 1001}]");

        Assert.Empty(diff.BridgesRemoved);
        Assert.Equal(["s1"], diff.BridgesAdded);
    }
}
