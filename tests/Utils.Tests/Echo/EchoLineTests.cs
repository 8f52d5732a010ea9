using System.Text;
using Conlink.Utils.Echo;

namespace Conlink.Utils.Tests.Echo;

public sealed class EchoLineTests
{
    [Fact]
    public void Arguments_are_joined_by_one_space_and_end_with_a_newline()
    {
        Assert.Equal("wait finished\n", Format("wait", "finished"));
    }

    [Fact]
    public void No_arguments_make_an_empty_line()
    {
        Assert.Equal("\n", Format());
    }

    [Fact]
    public void Empty_arguments_and_inner_spaces_are_kept()
    {
        Assert.Equal("a  b   c\n", Format("a", "", "b   c"));
    }

    [Fact]
    public void Option_like_words_are_text()
    {
        Assert.Equal("-n -e --help -- a\\tb\n", Format("-n", "-e", "--help", "--", "a\\tb"));
    }

    private static string Format(params string[] arguments) =>
        Encoding.UTF8.GetString(EchoLine.Format(arguments.Select(Encoding.UTF8.GetBytes).ToArray()));
}
