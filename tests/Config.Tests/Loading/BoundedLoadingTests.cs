using System.Diagnostics;
using System.Text;
using Conlink.Config.Loading;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Loading;

/// <summary>
/// Inputs that once took the loader seconds to forever (quadratic work, unbounded reads) load or
/// fail with located errors. Each is generated here; the time bound only catches a hang or a
/// return of the quadratic cost (minutes to forever at these sizes), the figures belong to benchmarks.
/// They run alone, so the bound measures the loader, not the tests beside it on a shared machine.
/// </summary>
[Collection(nameof(BoundedLoadingTests))]
[CollectionDefinition(nameof(BoundedLoadingTests), DisableParallelization = true)]
public class BoundedLoadingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static Exception? LoadWithin(ConfigDocumentKind kind, string text)
    {
        var stopwatch = Stopwatch.StartNew();
        Exception? failure = null;
        try
        {
            ConfigLoader.Load([new ConfigDocument("big.yaml", kind, text)], TestConfig.Options);
        }
        catch (ConfigException e)
        {
            failure = e;
        }
        Assert.True(stopwatch.Elapsed < Bound, $"loading took {stopwatch.Elapsed}");
        return failure;
    }

    private static string Repeat(int count, Func<int, string> line)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++) text.Append(line(i));
        return text.ToString();
    }

    [Fact]
    public void Two_hundred_thousand_keys_in_one_mapping_are_checked_for_duplicates_in_linear_time()
    {
        var yaml = "links: [{service: a, bridge: s1}]\nx:\n" + Repeat(200_000, i => $"  k{i}: 1\n") + "  k7: 2\n";

        var errors = Assert.IsType<ConfigException>(LoadWithin(ConfigDocumentKind.Network, yaml)).Errors.Select(e => e.ToString()).ToList();

        Assert.Contains("big.yaml:200003:3: x.k7: duplicate key 'k7'", errors);
    }

    [Fact]
    public void Twenty_thousand_services_each_with_a_fragment_merge_in_one_pass()
    {
        var yaml = "services:\n" + Repeat(20_000, i => $"  s{i}:\n    x-network:\n      links: [{{bridge: s1}}]\n");

        Assert.Null(LoadWithin(ConfigDocumentKind.Compose, yaml));
    }

    [Theory]
    [InlineData("links: ", "[", "]")]
    [InlineData("links: ", "{a: ", "}")]
    [InlineData("links:\n", "- ", "")]
    public void Two_hundred_thousand_nesting_levels_stop_at_the_depth_cap(string start, string open, string close)
    {
        var yaml = start + string.Concat(Enumerable.Repeat(open, 200_000)) + "x" + string.Concat(Enumerable.Repeat(close, 200_000)) + "\n";

        var error = Assert.Single(Assert.IsType<ConfigException>(LoadWithin(ConfigDocumentKind.Network, yaml)).Errors);

        Assert.Equal("big.yaml", error.File);
        Assert.True(error.Line > 0);
        Assert.Contains("nested deeper than 100 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_past_the_value_cap_without_aliases_does_not_mention_aliases()
    {
        var yaml = "links: [{service: a, bridge: s1}]\nx: [" + string.Join(",", Enumerable.Repeat("1", 600_000)) + "]\n";

        var error = Assert.Single(Assert.IsType<ConfigException>(LoadWithin(ConfigDocumentKind.Network, yaml)).Errors);

        Assert.Equal("big.yaml:2:", error.ToString()[..11]);
        Assert.EndsWith("document is too large: more than 500000 values", error.Message, StringComparison.Ordinal);
    }
}
