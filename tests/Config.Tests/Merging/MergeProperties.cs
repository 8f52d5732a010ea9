using Conlink.Config.Loading;
using Conlink.Config.Merging;
using Conlink.Config.Tests.Support;
using CsCheck;

namespace Conlink.Config.Tests.Merging;

public class MergeProperties
{
    private static readonly Gen<string> Value = Gen.OneOf(Gen.Const("s1"), Gen.Const("s2"), Gen.Const("10.0.0.1/24"), Gen.Const("1500"));

    // A fragment of links for services drawn from its own name range, so keys never repeat across fragments.
    private static Gen<MappingNode> Fragment(string prefix) =>
        Gen.Select(Gen.Int[0, 4], Value.Array[4], Gen.Bool.Array[4], (count, values, hasRoute) =>
        {
            var links = Enumerable.Range(0, count).Select(i =>
                $"{{service: {prefix}{i}, bridge: {values[i]}{(hasRoute[i] ? $", route: r{prefix}{i}" : "")}}}");
            return Nodes.Mapping($"links: [{string.Join(", ", links)}]\nbridges: [{{bridge: {prefix}}}]", $"{prefix}.yaml");
        });

    [Fact]
    public void Merging_is_associative_for_links_with_distinct_keys()
    {
        Gen.Select(Fragment("a"), Fragment("b"), Fragment("c")).Sample((a, b, c) =>
        {
            var left = ConfigMerger.Merge([ConfigMerger.Merge([a, b])!, c]);
            var right = ConfigMerger.Merge([a, ConfigMerger.Merge([b, c])!]);
            Assert.Equal(Nodes.Render(left), Nodes.Render(right));
        }, iter: 200);
    }
}
