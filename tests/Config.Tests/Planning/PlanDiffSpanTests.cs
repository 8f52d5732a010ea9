using Conlink.Config.Planning;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Planning;

/// <summary>What an apply says of bridges that span the cluster: they change at once (the engine carries it out, the cluster is told).</summary>
public class PlanDiffSpanTests
{
    private const string Link = "links: [{service: a, bridge: s1}, {service: a, bridge: s2, dev: eth1}]\n";

    private static PlanDiff Diff(string before, string after) =>
        PlanDiff.Compute(TestConfig.Network(Link + before), TestConfig.Network(Link + after), []);

    [Fact]
    public void A_bridge_that_starts_or_stops_spanning_the_cluster_is_shown_as_applied_now_with_its_vxlan_made_or_deleted()
    {
        var diff = Diff("bridges: [{bridge: s1, span: cluster, vni: 5001}]\n", "bridges: [{bridge: s2, span: cluster, vni: 5002}, {bridge: s1}]\n");

        Assert.False(diff.IsEmpty);
        var lines = diff.Lines().ToList();
        Assert.Contains("+ span: cluster on bridge s2 vni 5002 (its vxlan is made and the cluster is told)", lines);
        Assert.Contains("- span: cluster on bridge s1 vni 5001 (its vxlan is deleted and the cluster is told)", lines);
        Assert.EndsWith(", 2 span change(s)", diff.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("restart", StringComparison.Ordinal));
    }

    [Fact]
    public void A_spanned_bridge_whose_vni_changes_is_one_span_removed_and_one_added()
    {
        var diff = Diff("bridges: [{bridge: s1, span: cluster, vni: 5001}]\n", "bridges: [{bridge: s1, span: cluster, vni: 5009}]\n");

        Assert.Equal(["s1 vni 5009"], diff.SpansAdded);
        Assert.Equal(["s1 vni 5001"], diff.SpansRemoved);
    }

    [Fact]
    public void Unchanged_spans_are_no_change()
    {
        var diff = Diff("bridges: [{bridge: s1, span: cluster}]\n", "bridges: [{bridge: s1, span: cluster}]\n");

        Assert.True(diff.IsEmpty);
        Assert.Equal("no changes", diff.Summary);
    }
}
