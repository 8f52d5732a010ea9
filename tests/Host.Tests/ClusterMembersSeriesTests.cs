using Conlink.Host.Metrics;

namespace Conlink.Host.Tests;

/// <summary>
/// conlink_cluster_members{state}: the members by state, read at each scrape from the cluster member's view
/// (EngineHost wires it in cluster mode); a state no member is in any more leaves the exposition.
/// </summary>
public sealed class ClusterMembersSeriesTests
{
    private readonly ConlinkMetrics _metrics = new();
    private Dictionary<string, int> _members = new(StringComparer.Ordinal);

    public ClusterMembersSeriesTests() => _metrics.UseClusterMembers(() => _members);

    [Fact]
    public async Task Members_are_counted_by_state_and_a_state_left_empty_is_dropped()
    {
        _members = new(StringComparer.Ordinal) { ["up"] = 4, ["unreachable"] = 1 };
        var partitioned = await Exposition.ScrapeAsync(_metrics);
        _members = new(StringComparer.Ordinal) { ["up"] = 5 };
        var healed = await Exposition.ScrapeAsync(_metrics);

        Assert.Equal(4, Exposition.Value(partitioned, "conlink_cluster_members{state=\"up\"}"));
        Assert.Equal(1, Exposition.Value(partitioned, "conlink_cluster_members{state=\"unreachable\"}"));
        Assert.Equal(5, Exposition.Value(healed, "conlink_cluster_members{state=\"up\"}"));
        Assert.DoesNotContain("conlink_cluster_members{state=\"unreachable\"}", healed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_cluster_mode_the_series_is_absent()
    {
        var text = await Exposition.ScrapeAsync(new ConlinkMetrics());

        Assert.DoesNotContain("conlink_cluster_members{", text, StringComparison.Ordinal);
    }
}
