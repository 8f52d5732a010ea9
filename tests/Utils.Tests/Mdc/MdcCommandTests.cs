using System.Text.RegularExpressions;
using Conlink.Utils.Tests.Support;

namespace Conlink.Utils.Tests.Mdc;

/// <summary>
/// The mdc command as a whole, run as a process in a copy of the modes fixture tree (tests/Utils.Tests/Modes),
/// in its managed and static builds.
/// </summary>
public sealed partial class MdcCommandTests : IDisposable
{
    private readonly TemporaryDirectory _project = new();

    public MdcCommandTests()
    {
        CopyDirectory(Path.Join(RepositoryPaths.Modes, "modes"), _project.Join("modes"));
        CopyDirectory(Path.Join(RepositoryPaths.Modes, "extra"), _project.Join("extra"));
    }

    public static TheoryData<string, string, string, string> EnvFileCases
    {
        get
        {
            var cases = new TheoryData<string, string, string, string>();
            foreach (var build in UtilityBuild.WithoutShell)
            {
                cases.Add(build, "node1", "./modes", "node1.env");
                cases.Add(build, "all", "./modes", "all.env");
                cases.Add(build, "web,net-ovs,node1", "./modes", "web-net-ovs-node1.env");
                cases.Add(build, "x-1.y,tools", "./modes,./extra", "two-mode-dirs.env");
            }
            return cases;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(EnvFileCases))]
    public void Generated_env_file_matches_the_expected_one(string build, string modes, string modesDir, string expectedFile)
    {
        var result = Run(build, [modes], new() { ["MODES_DIR"] = modesDir });

        Assert.Equal(0, result.ExitCode);
        var expected = File.ReadAllText(Path.Join(RepositoryPaths.Modes, "expected", expectedFile))
            .Replace("@COMPOSE_DIR@", _project.Path, StringComparison.Ordinal);
        var actual = CommandLineProgram().Replace(File.ReadAllText(_project.Join(".env")), "### mdc command line: mdc ");
        Assert.Equal(expected, actual);
        Assert.Equal("services: {}\n", File.ReadAllText(_project.Join(".compose-empty.yaml")));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void Reports_the_resolved_modes_in_order(string build)
    {
        var result = Run(build, ["all"]);

        Assert.Contains("MODES: base net-linux node1 node2 web all\n", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void Files_of_the_modes_are_merged_later_modes_winning_and_stale_files_are_gone(string build)
    {
        _project.Write(".files/stale/old.conf", "from an earlier run");

        var result = Run(build, ["web"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("from web\n", File.ReadAllText(_project.Join(".files/svc1/etc/app.conf")));
        Assert.Equal("base only\n", File.ReadAllText(_project.Join(".files/svc1/etc/base-only.conf")));
        Assert.Equal("hidden file\n", File.ReadAllText(_project.Join(".files/svc2/.profile")));
        Assert.False(Directory.Exists(_project.Join(".files/stale")));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void Compose_arguments_are_handed_to_docker_compose_with_the_env_file_replacing_mdc(string build)
    {
        _project.Write("fake-compose", "#!/bin/sh\necho \"pid $$: $*\"\n", UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var result = Run(build, ["node1", "up", "-d", "--force-recreate"], new() { ["DOCKER_COMPOSE"] = "./fake-compose compose" });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"pid {result.ProcessId}: compose --env-file .env up -d --force-recreate\n", result.Stdout);
        Assert.StartsWith("### mdc command line: ", File.ReadAllText(_project.Join(".env")), StringComparison.Ordinal);
        Assert.Contains(" node1 up -d --force-recreate\n", File.ReadAllText(_project.Join(".env")), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void A_missing_mode_exits_1_naming_it_and_writes_nothing(string build)
    {
        var result = Run(build, ["node1,nosuch"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("mode 'nosuch' not found in ./modes", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_project.Join(".env")));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void Modes_in_a_cycle_exit_1_showing_the_cycle(string build)
    {
        var result = Run(build, ["cyc-a"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cycle: cyc-a -> cyc-b -> cyc-a", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void A_files_directory_of_dot_is_refused_before_anything_is_removed(string build)
    {
        var result = Run(build, ["node1"], new() { ["MDC_FILES_DIR"] = "." });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("MDC_FILES_DIR must not be", result.Stderr, StringComparison.Ordinal);
        Assert.True(Directory.Exists(_project.Join("modes")));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithoutShell), MemberType = typeof(UtilityBuild))]
    public void Without_arguments_usage_is_printed_and_mdc_exits_2(string build)
    {
        var result = Run(build, []);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage: mdc MODES", result.Stderr, StringComparison.Ordinal);
    }

    private ToolResult Run(string build, string[] args, Dictionary<string, string>? environment = null)
    {
        var startInfo = UtilityBuild.Require(build).StartInfo("mdc", args, _project.Path);
        foreach (var name in new[] { "MODES_DIR", "ENV_FILE", "MDC_FILES_DIR", "DOCKER_COMPOSE", "VERBOSE" })
            startInfo.Environment.Remove(name);
        foreach (var (name, value) in environment ?? [])
            startInfo.Environment[name] = value;
        return ToolRun.Run(startInfo);
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var target = Path.Join(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        foreach (var directory in Directory.EnumerateDirectories(source, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            Directory.CreateDirectory(Path.Join(destination, Path.GetRelativePath(source, directory)));
    }

    /// <summary>The program name in the first line differs by build (mdc's path, or the dotnet host).</summary>
    [GeneratedRegex(@"^### mdc command line: \S+ ")]
    private static partial Regex CommandLineProgram();

    public void Dispose() => _project.Dispose();
}
