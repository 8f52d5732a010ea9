using Conlink.Config.Planning;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Planning;

/// <summary>What an apply says of bridges that span the cluster: they change only when conlink restarts.</summary>
public class PlanDiffSpanTests
{
    private const string Link = "links: [{service: a, bridge: s1}, {service: a, bridge: s2, dev: eth1}]\n";

    private static PlanDiff Diff(string before, string after) =>
        PlanDiff.Compute(TestConfig.Network(Link + before), TestConfig.Network(Link + after), []);

    [Fact]
    public void A_bridge_that_starts_or_stops_spanning_the_cluster_is_shown_as_changing_only_when_conlink_restarts()
    {
        var diff = Diff("bridges: [{bridge: s1, span: cluster, vni: 5001}]\n", "bridges: [{bridge: s2, span: cluster, vni: 5002}, {bridge: s1}]\n");

        Assert.False(diff.IsEmpty);
        var lines = diff.Lines().ToList();
        Assert.Contains("+ span: cluster on bridge s2 vni 5002 (spanned bridges change when conlink restarts)", lines);
        Assert.Contains("- span: cluster on bridge s1 vni 5001 (spanned bridges change when conlink restarts)", lines);
        Assert.EndsWith(", 2 span change(s) not applied (spanned bridges change when conlink restarts)", diff.Summary, StringComparison.Ordinal);
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
