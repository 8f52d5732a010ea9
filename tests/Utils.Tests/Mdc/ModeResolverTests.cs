using Conlink.Utils.Mdc;
using CsCheck;

namespace Conlink.Utils.Tests.Mdc;

public class ModeResolverTests
{
    // a has no deps file; e and f have alternatives whose choices are equally small.
    private static readonly ModeCatalog Basic = Catalog(
        ("a", ""), ("b", "a"), ("c", "a b"), ("d", "a b"), ("e", "a d|c"), ("f", "a b c|d"));

    // o1, o2 and o4 have order-only dependencies.
    private static readonly ModeCatalog Order = Catalog(
        ("o1", "+o3"), ("o2", "+o3"), ("o3", "o4 o5"), ("o4", "+o5"), ("o5", ""));

    [Theory]
    [InlineData("a", "a")]
    [InlineData("b", "a b")]
    [InlineData("c", "a b c")]
    [InlineData("b,b,a", "a b")]
    public void Dependencies_come_before_dependents_and_each_mode_once(string request, string expected) =>
        Assert.Equal(expected, Resolve(Basic, request));

    [Fact]
    public void Among_equally_small_alternatives_the_first_written_is_chosen() =>
        Assert.Equal("a b d e", Resolve(Basic, "e"));

    [Theory]
    [InlineData("e c", "a b c e")]
    [InlineData("e c a", "a b c e")]
    [InlineData("c,e", "a b c e")]
    public void An_alternative_that_is_requested_anyway_is_the_one_used(string request, string expected) =>
        Assert.Equal(expected, Resolve(Basic, request));

    [Fact]
    public void The_alternative_that_brings_in_fewer_modes_wins_over_the_first_written()
    {
        var catalog = Catalog(("app", "heavy|light"), ("heavy", "x y"), ("light", ""), ("x", ""), ("y", ""));

        Assert.Equal("light app", Resolve(catalog, "app"));
    }

    [Fact]
    public void Alternatives_can_be_requested_directly() =>
        Assert.Equal("a b d", Resolve(Basic, "d|c"));

    [Theory]
    [InlineData("o1", "o1")]
    [InlineData("o4", "o4")]
    [InlineData("o3", "o5 o4 o3")]
    [InlineData("o2 o3", "o5 o4 o3 o2")]
    [InlineData("o1 o3", "o5 o4 o3 o1")]
    public void Order_only_dependencies_order_but_do_not_select(string request, string expected) =>
        Assert.Equal(expected, Resolve(Order, request));

    [Fact]
    public void Independent_modes_keep_the_order_they_were_requested_in() =>
        Assert.Equal("o1 o2", Resolve(Order, "o1 o2"));

    [Fact]
    public void A_requested_mode_that_does_not_exist_is_an_error_naming_it_and_where_modes_were_looked_for()
    {
        var error = Assert.Throws<ToolError>(() => Resolve(Basic, "e z"));

        Assert.Equal("mode 'z' not found in ./modes", error.Message);
    }

    [Fact]
    public void A_needed_mode_that_does_not_exist_is_an_error_naming_who_needs_it()
    {
        var error = Assert.Throws<ToolError>(() => Resolve(Catalog(("web", "base")), "web"));

        Assert.Equal("mode 'base' not found in ./modes (needed by 'web')", error.Message);
    }

    [Fact]
    public void Alternatives_that_do_not_exist_are_passed_over()
    {
        Assert.Equal("a h", Resolve(Catalog(("a", ""), ("h", "nope|a")), "h"));

        var error = Assert.Throws<ToolError>(() => Resolve(Catalog(("h", "nope|gone")), "h"));
        Assert.Equal("mode 'nope|gone' not found in ./modes (needed by 'h')", error.Message);
    }

    [Fact]
    public void Modes_that_need_each_other_are_an_error_showing_the_cycle()
    {
        var error = Assert.Throws<ToolError>(() => Resolve(Catalog(("cyc1", "cyc2"), ("cyc2", "cyc1")), "cyc1"));

        Assert.Equal("modes depend on each other in a cycle: cyc1 -> cyc2 -> cyc1", error.Message);
    }

    [Fact]
    public void Resolution_is_a_smallest_valid_selection_in_dependency_order_for_any_acyclic_modes()
    {
        RandomModes.Sample(sample =>
        {
            var (catalog, modes, request) = sample;
            var order = ModeResolver.Resolve(catalog, request).Select(mode => mode.Name).ToArray();
            var selected = order.ToHashSet();

            Assert.Equal(order.Length, selected.Count);
            Assert.True(Satisfies(request, selected), "the request is met");
            foreach (var mode in modes.Where(mode => selected.Contains(mode.Name)))
            {
                Assert.True(Satisfies(mode.Dependencies, selected), $"{mode.Name}'s dependencies are met");
                var position = Array.IndexOf(order, mode.Name);
                foreach (var dependency in Names(mode.Dependencies).Where(selected.Contains))
                    Assert.True(Array.IndexOf(order, dependency) < position, $"{dependency} comes before {mode.Name}");
            }
            Assert.Equal(SmallestValidSelection(modes, request), selected.Count);
        });
    }

    /// <summary>Up to 7 modes m0..m6; a mode depends only on lower-numbered ones (so there is no cycle).</summary>
    private static readonly Gen<(ModeCatalog, Mode[], Dependency[])> RandomModes =
        from count in Gen.Int[1, 7]
        from required in Gen.Int[0, 127].Array[count]
        from alternatives in Gen.Int[0, 48].Array[count]
        from after in Gen.Int[0, 6].Array[count]
        from requestAlternatives in Gen.Int[0, 48]
        select BuildRandomModes(count, required, alternatives, after, requestAlternatives);

    private static (ModeCatalog, Mode[], Dependency[]) BuildRandomModes(
        int count, int[] required, int[] alternatives, int[] after, int requestAlternatives)
    {
        static string Name(int index) => $"m{index}";

        RequiresAnyOf? Pair(int code, int below) =>
            code % 7 < below && code / 7 < below && code % 7 != code / 7
                ? new RequiresAnyOf([Name(code % 7), Name(code / 7)])
                : null;

        var modes = Enumerable.Range(0, count).Select(i =>
        {
            var dependencies = new List<Dependency>();
            dependencies.AddRange(Enumerable.Range(0, i).Where(j => (required[i] & (1 << j)) != 0).Select(j => new Requires(Name(j))));
            if (Pair(alternatives[i], i) is { } pair)
                dependencies.Add(pair);
            if (after[i] < i)
                dependencies.Add(new OrderedAfter(Name(after[i])));
            return new Mode(Name(i), "./modes/" + Name(i), dependencies);
        }).ToArray();

        var request = new List<Dependency> { new Requires(Name(count - 1)) };
        if (Pair(requestAlternatives, count) is { } requestPair)
            request.Add(requestPair);
        return (new ModeCatalog(modes, ["./modes"]), modes, request.ToArray());
    }

    private static int SmallestValidSelection(Mode[] modes, Dependency[] request) =>
        Enumerable.Range(0, 1 << modes.Length)
            .Select(bits => modes.Where((_, i) => (bits & (1 << i)) != 0).Select(mode => mode.Name).ToHashSet())
            .Where(selection => Satisfies(request, selection)
                                && modes.Where(mode => selection.Contains(mode.Name)).All(mode => Satisfies(mode.Dependencies, selection)))
            .Min(selection => selection.Count);

    private static bool Satisfies(IEnumerable<Dependency> dependencies, HashSet<string> selection) =>
        dependencies.All(dependency => dependency switch
        {
            Requires(var name) => selection.Contains(name),
            RequiresAnyOf(var names) => names.Any(selection.Contains),
            _ => true,
        });

    private static IEnumerable<string> Names(IEnumerable<Dependency> dependencies) =>
        dependencies.SelectMany(dependency => dependency switch
        {
            Requires(var name) => [name],
            RequiresAnyOf(var names) => names,
            OrderedAfter(var name) => [name],
            _ => Array.Empty<string>(),
        });

    private static ModeCatalog Catalog(params (string Name, string Deps)[] modes) =>
        new(modes.Select(mode => new Mode(mode.Name, "./modes/" + mode.Name, DependencyParser.Parse(mode.Deps))), ["./modes"]);

    private static string Resolve(ModeCatalog catalog, string request) =>
        string.Join(' ', ModeResolver.Resolve(catalog, DependencyParser.Parse(request)).Select(mode => mode.Name));
}
