using Conlink.Utils.Copy;

namespace Conlink.Utils.Tests.Copy;

public class CopyArgumentsTests
{
    [Fact]
    public void Source_destination_and_the_command_after_double_dash()
    {
        var plan = CopyArguments.Parse(["/test", "/tmp", "--", "/utils/wait", "-I", "eth0"]);

        Assert.Equal(new CopyPlan(false, "/test", "/tmp", plan.Command), plan);
        Assert.Equal(["/utils/wait", "-I", "eth0"], plan.Command);
    }

    [Theory]
    [InlineData("-T", "/src", "/dst")]
    [InlineData("--template", "/src", "/dst")]
    [InlineData("/src", "-T", "/dst")]
    public void Template_flag_may_stand_before_either_directory(string first, string second, string third)
    {
        var plan = CopyArguments.Parse([first, second, third]);

        Assert.True(plan.Template);
        Assert.Equal(("/src", "/dst"), (plan.Source, plan.Destination));
        Assert.Empty(plan.Command);
    }

    [Fact]
    public void Command_may_follow_the_directories_without_double_dash_as_in_copy_sh() =>
        Assert.Equal(["echo", "-n", "x"], CopyArguments.Parse(["/src", "/dst", "echo", "-n", "x"]).Command);

    [Theory]
    [InlineData(new string[0], "expected SRC_DIR and DST_DIR")]
    [InlineData(new[] { "/src" }, "expected SRC_DIR and DST_DIR")]
    [InlineData(new[] { "/src", "--", "cmd" }, "before '--'")]
    [InlineData(new[] { "-x", "/src", "/dst" }, "unknown option '-x'")]
    public void Incomplete_or_unknown_arguments_are_usage_errors(string[] args, string expected)
    {
        var error = Assert.Throws<ToolError>(() => CopyArguments.Parse(args));
        Assert.True(error.IsUsageError);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_asks_for_usage() => Assert.True(CopyArguments.Parse(["--help"]).HelpRequested);
}
