using Conlink.Utils.Mdc;

namespace Conlink.Utils.Tests.Mdc;

public class DependencyParserTests
{
    [Fact]
    public void Names_are_separated_by_white_space_or_commas()
    {
        Assert.Equal<Dependency>(
            [new Requires("base"), new Requires("net"), new Requires("web"), new Requires("db")],
            DependencyParser.Parse("base net,web\n\tdb\n"));
    }

    [Fact]
    public void Bar_separated_names_are_alternatives() =>
        Assert.Equal<Dependency>(
            [new Requires("base"), new RequiresAnyOf(["linux", "ovs", "patch"])],
            DependencyParser.Parse("base linux|ovs|patch"));

    [Fact]
    public void Plus_prefix_means_order_only() =>
        Assert.Equal<Dependency>([new OrderedAfter("node1"), new Requires("base")], DependencyParser.Parse("+node1 base"));

    [Fact]
    public void Comments_run_to_the_end_of_the_line() =>
        Assert.Equal<Dependency>(
            [new Requires("a"), new Requires("b")],
            DependencyParser.Parse("# leading comment\na # why a\nb#why b\n"));

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t, ,")]
    [InlineData("# nothing but a comment")]
    [InlineData("| + ||")]
    public void Blank_text_and_empty_names_give_no_dependencies(string text) => Assert.Empty(DependencyParser.Parse(text));
}
