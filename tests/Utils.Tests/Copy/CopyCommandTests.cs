using Conlink.Utils.Tests.Support;

namespace Conlink.Utils.Tests.Copy;

/// <summary>The copy command as a whole, run as a process, in each of its builds (managed, static, sh).</summary>
public sealed class CopyCommandTests : IDisposable
{
    private const UnixFileMode Mode0750 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                          | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private readonly TemporaryDirectory _temp = new();
    private readonly string _source;
    private readonly string _destination;

    public CopyCommandTests()
    {
        _source = _temp.Join("test");
        _destination = _temp.Join("tmp");
        Directory.CreateDirectory(_destination);
        _temp.Write("test/dir1/file1", "val1 is {{VAL1}}\n");
        _temp.Write("test/dir1/dir2/file2", "{{VAL2}}", Mode0750);
        _temp.Write("test/dir1/notes", "{{VAL1}} & {{UNSET}} {{ VAL1 }}\nlast line without newline {{VAL2}}");
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void Templated_copy_fills_in_defined_variables_keeps_modes_then_runs_the_command(string build)
    {
        var result = Run(build, ["-T", _source, _destination, "--", "cat", Path.Join(_destination, "dir1/dir2/file2")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("val2", result.Stdout);
        Assert.Equal("val1 is v&l\\1\n", File.ReadAllText(_temp.Join("tmp/dir1/file1")));
        Assert.Equal(Mode0750, File.GetUnixFileMode(_temp.Join("tmp/dir1/dir2/file2")));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void Undefined_variables_non_placeholders_and_a_missing_last_newline_are_kept(string build)
    {
        var result = Run(build, ["--template", _source, _destination]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "v&l\\1 & {{UNSET}} {{ VAL1 }}\nlast line without newline val2",
            File.ReadAllText(_temp.Join("tmp/dir1/notes")));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void Without_template_flag_files_are_copied_unchanged(string build)
    {
        var result = Run(build, [_source, _destination]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("val1 is {{VAL1}}\n", File.ReadAllText(_temp.Join("tmp/dir1/file1")));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void A_missing_source_directory_exits_2_naming_it(string build)
    {
        var result = Run(build, [_temp.Join("absent"), _destination, "--", "echo", "ran"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"not a directory: '{_temp.Join("absent")}'", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void Unknown_option_exits_2_with_usage(string build)
    {
        var result = Run(build, ["--recursive", _source, _destination]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown option '--recursive'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage: copy", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void A_command_that_does_not_exist_exits_1_after_copying(string build)
    {
        var result = Run(build, [_source, _destination, "--", "no-such-command-here"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("command not found: no-such-command-here", result.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(_temp.Join("tmp/dir1/file1")));
    }

    private static ToolResult Run(string build, string[] args)
    {
        var startInfo = UtilityBuild.Require(build).StartInfo("copy", args);
        startInfo.Environment["VAL1"] = "v&l\\1";
        startInfo.Environment["VAL2"] = "val2";
        startInfo.Environment.Remove("UNSET");
        return ToolRun.Run(startInfo);
    }

    public void Dispose() => _temp.Dispose();
}
