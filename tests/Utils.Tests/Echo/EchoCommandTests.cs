using System.Diagnostics;
using Conlink.Utils.Tests.Support;

namespace Conlink.Utils.Tests.Echo;

/// <summary>The echo command as a process, in the managed build and as the static executable.</summary>
public sealed class EchoCommandTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void Prints_its_arguments_separated_by_single_spaces_and_exits_0(string build)
    {
        var result = Run(build, ["'wait", "finished'"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("'wait finished'\n", result.Stdout);
        Assert.Empty(result.Stderr);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void Without_arguments_prints_an_empty_line(string build)
    {
        var result = Run(build, []);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("\n", result.Stdout);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void Knows_no_options_so_option_like_words_and_escapes_are_printed_as_given(string build)
    {
        var result = Run(build, ["-n", "-e", "a\\tb", "--help", "--version", "--", "-"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("-n -e a\\tb --help --version -- -\n", result.Stdout);
        Assert.Empty(result.Stderr);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void Empty_arguments_quotes_and_runs_of_spaces_are_kept(string build)
    {
        var result = Run(build, ["'wait finished'", "", "two  spaces", "\"q\""]);

        Assert.Equal("'wait finished'  two  spaces \"q\"\n", result.Stdout);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void Bytes_that_are_not_utf8_are_echoed_unchanged(string build)
    {
        var output = _temp.Join("out");

        // printf makes the argument from bytes, so it reaches echo as they are (a .NET string could not carry them)
        var result = InShell(build, $"\"$@\" \"$(printf 'caf\\351')\" > '{output}'", []);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([(byte)'c', (byte)'a', (byte)'f', 0xe9, (byte)'\n'], File.ReadAllBytes(output));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void Exits_1_saying_why_when_standard_output_is_full(string build)
    {
        var result = InShell(build, "\"$@\" > /dev/full", ["hello"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("echo: cannot write to standard output: No space left on device\n", result.Stderr);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void Exits_1_saying_why_when_standard_output_is_closed(string build)
    {
        var result = InShell(build, "\"$@\" >&-", ["hello"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("echo: cannot write to standard output: Bad file descriptor\n", result.Stderr);
    }

    private static ToolResult Run(string build, string[] args) =>
        ToolRun.Run(UtilityBuild.Require(build).StartInfo("echo", args));

    /// <summary>Runs <paramref name="script"/> with <c>"$@"</c> standing for the echo command line.</summary>
    private static ToolResult InShell(string build, string script, string[] args)
    {
        var echo = UtilityBuild.Require(build).StartInfo("echo", args);
        var startInfo = new ProcessStartInfo("sh") { ArgumentList = { "-c", script, "sh", echo.FileName } };
        foreach (var arg in echo.ArgumentList)
            startInfo.ArgumentList.Add(arg);
        return ToolRun.Run(startInfo);
    }

    public void Dispose() => _temp.Dispose();
}
