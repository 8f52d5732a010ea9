using Conlink.Utils.Tests.Support;

namespace Conlink.Utils.Tests.Mdc;

/// <summary>
/// mdc (often run as root) writes only under MDC_FILES_DIR and its env file: an earlier mode's symbolic link is
/// replaced, not written through; conflicts and refused names are a message and exit 1; nothing outside changes.
/// </summary>
public sealed class MdcHardeningTests : IDisposable
{
    private readonly TemporaryDirectory _project = new();

    public MdcHardeningTests()
    {
        _project.Write("outside/kept", "original", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(_project.Join("outside/dir"));
        Directory.CreateDirectory(_project.Join("modes/a/svc/files"));
        File.CreateSymbolicLink(_project.Join("modes/a/svc/files/etc"), _project.Join("outside/dir"));
        File.CreateSymbolicLink(_project.Join("modes/a/svc/files/conf"), _project.Join("outside/kept"));
        _project.Write("modes/b/svc/files/etc/passwd", "from mode b");
        _project.Write("modes/b/svc/files/conf", "conf from mode b");
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void A_later_mode_replaces_an_earlier_modes_links_and_nothing_outside_changes(string build)
    {
        var outside = TreeSnapshot.Of(_project.Join("outside"));

        var result = Run(build, "a,b");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(outside, TreeSnapshot.Of(_project.Join("outside")));
        Assert.Null(new DirectoryInfo(_project.Join(".files/svc/etc")).LinkTarget);
        Assert.Equal("from mode b", File.ReadAllText(_project.Join(".files/svc/etc/passwd")));
        Assert.Null(new FileInfo(_project.Join(".files/svc/conf")).LinkTarget);
        Assert.Equal("conf from mode b", File.ReadAllText(_project.Join(".files/svc/conf")));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void An_env_file_that_is_a_symbolic_link_is_replaced_not_written_through(string build)
    {
        File.CreateSymbolicLink(_project.Join(".env"), _project.Join("outside/kept"));
        File.CreateSymbolicLink(_project.Join(".compose-empty.yaml"), _project.Join("outside/kept"));
        var outside = TreeSnapshot.Of(_project.Join("outside"));

        var result = Run(build, "b");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(outside, TreeSnapshot.Of(_project.Join("outside")));
        Assert.Null(new FileInfo(_project.Join(".env")).LinkTarget);
        Assert.Contains("COMPOSE_PROFILES=MODE_b\n", File.ReadAllText(_project.Join(".env")), StringComparison.Ordinal);
        Assert.Equal("services: {}\n", File.ReadAllText(_project.Join(".compose-empty.yaml")));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void A_file_where_an_earlier_mode_has_a_directory_is_a_message_and_exit_1(string build)
    {
        _project.Write("modes/c/svc/files/etc", "a file, not a directory");

        var outside = TreeSnapshot.Of(_project.Join("outside"));

        var result = Run(build, "b,c");

        Assert.Equal(outside, TreeSnapshot.Of(_project.Join("outside")));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("mode 'c' has a file at 'svc/etc' where mode 'b' has a directory", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void A_directory_where_an_earlier_mode_has_a_file_is_a_message_and_exit_1(string build)
    {
        _project.Write("modes/c/svc/files/conf/inner", "a directory now");

        var outside = TreeSnapshot.Of(_project.Join("outside"));

        var result = Run(build, "b,c");

        Assert.Equal(outside, TreeSnapshot.Of(_project.Join("outside")));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("mode 'c' has a directory at 'svc/conf' where mode 'b' has a file", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void A_mode_name_that_would_inject_into_the_env_file_is_refused_before_anything_is_written(string build)
    {
        Directory.CreateDirectory(_project.Join("modes/x$HOME"));
        Directory.CreateDirectory(_project.Join("more\nEVIL=1/w"));

        foreach (var (modes, modesDirectory, shown) in new[] { ("x$HOME", "./modes", "'$'"), ("w", "./more\nEVIL=1", "a newline") })
        {
            var result = Run(build, modes, modesDirectory);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"contains {shown}, which the env file cannot hold as it is", result.Stderr, StringComparison.Ordinal);
            Assert.False(Path.Exists(_project.Join(".env")));
            Assert.False(Path.Exists(_project.Join(".files")));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void A_fifo_as_a_modes_env_or_deps_file_is_a_message_and_exit_1_instead_of_a_hang(string build)
    {
        foreach (var file in new[] { "modes/b/.env", "modes/b/deps" })
        {
            MakeFifo(_project.Join(file));

            var result = Run(build, "b");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"cannot read '{Path.Join("./modes/b", Path.GetFileName(file))}': it is a FIFO, socket or device, not a regular file",
                result.Stderr, StringComparison.Ordinal);
            Assert.False(Path.Exists(_project.Join(".env")));
            File.Delete(_project.Join(file));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void A_modes_env_file_linked_to_a_file_outside_is_refused_not_copied_into_the_env_file(string build)
    {
        _project.Write("outside/secret", "TOKEN=hunter2\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(_project.Join("modes/b/.env"), _project.Join("outside/secret"));
        var outside = TreeSnapshot.Of(_project.Join("outside"));

        var result = Run(build, "b");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot read './modes/b/.env': it is a symbolic link, which is not followed", result.Stderr, StringComparison.Ordinal);
        Assert.False(Path.Exists(_project.Join(".env")));
        Assert.Equal(outside, TreeSnapshot.Of(_project.Join("outside")));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private ToolResult Run(string build, string modes, string? modesDirectory = null)
    {
        var startInfo = UtilityBuild.Require(build).StartInfo("mdc", [modes], _project.Path);
        foreach (var name in new[] { "MODES_DIR", "ENV_FILE", "MDC_FILES_DIR", "DOCKER_COMPOSE", "VERBOSE" })
            startInfo.Environment.Remove(name);
        if (modesDirectory is not null) startInfo.Environment["MODES_DIR"] = modesDirectory;
        return ToolRun.Run(startInfo);
    }

    public void Dispose() => _project.Dispose();
}
