using Conlink.Config.Model;
using Conlink.Config.Output;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Validation;

/// <summary><c>span: cluster</c> on a bridge: its VNI (given or derived), and what is refused.</summary>
public class SpanValidationTests
{
    private const string Link = "links: [{service: a, bridge: s1}]\n";

    [Fact]
    public void A_spanned_bridge_without_a_vni_gets_one_derived_from_its_name_the_same_on_every_host()
    {
        var config = TestConfig.Network(Link + "bridges: [{bridge: s1, span: cluster}]\n");

        var span = Assert.IsType<ClusterSpan>(config.Bridges["s1"].Span);
        Assert.Equal(ClusterSpan.DerivedVni("s1"), span.Vni);
        Assert.True(span.VniWasDerived);
        // FNV-1a of "s1" folded into 1..2^24-1: fixed, so every host and every version agree.
        Assert.Equal(5355730, span.Vni);
        Assert.Equal("span-5355730", span.Dev);
    }

    [Fact]
    public void A_given_vni_is_kept_and_show_config_prints_the_span()
    {
        var config = TestConfig.Network(Link + "bridges: [{bridge: s1, span: cluster, vni: 5001}]\n");

        Assert.Equal(new ClusterSpan(5001, false), config.Bridges["s1"].Span);
        Assert.Contains("\"span\": \"cluster\",\n      \"vni\": 5001", ShowConfigWriter.ToJson(config).Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bridge_without_span_spans_nothing()
    {
        Assert.Null(TestConfig.Network(Link + "bridges: [{bridge: s1}]\n").Bridges["s1"].Span);
    }

    [Fact]
    public void Span_values_other_than_cluster_a_lone_vni_a_bad_vni_and_a_patch_bridge_are_refused()
    {
        const string yaml = """
            links: [{service: a, bridge: s1}]
            bridges:
              - {bridge: s1, span: everywhere}
              - {bridge: s2, vni: 7}
              - {bridge: s3, span: cluster, vni: 16777216}
              - {bridge: s4, span: cluster, mode: patch}
            """;
        ErrorAssert.Network(yaml,
            ("everywhere", "bridges[0].span", "span must be 'cluster', not 'everywhere'"),
            ("7}", "bridges[1].vni", "'vni' is only for a bridge with 'span: cluster'"),
            ("16777216", "bridges[2].vni", "VNI 16777216 is out of range (1..16777215)"),
            ("cluster, mode: patch", "bridges[3].span", "a patch bridge joins exactly two links and cannot span the cluster; use mode linux, ovs or auto"));
    }

    [Fact]
    public void Two_spanned_bridges_on_one_vni_are_refused()
    {
        const string yaml = """
            links: [{service: a, bridge: s1}]
            bridges:
              - {bridge: s1, span: cluster, vni: 9}
              - {bridge: s2, span: cluster, vni: 9}
            """;
        ErrorAssert.Network(yaml, ("{bridge: s2", "bridges[1]", "spanned bridges 's1' (at net.yaml:3:5) and 's2' have the same VNI 9"));
    }
}
