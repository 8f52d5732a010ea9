using System.Net;
using System.Net.Sockets;
using Conlink.Arm64.Tests.Support;
using Conlink.Cli.Tests.Support;

namespace Conlink.Arm64.Tests;

/// <summary>The static arm64 utilities, run under qemu-user, do what the x64 ones do.</summary>
public sealed class UtilityTests
{
    [SkippableTheory]
    [InlineData("wait")]
    [InlineData("copy")]
    [InlineData("mdc")]
    public void Help_is_the_same(string utility)
    {
        PublishedBuild.SkipUnlessBothArePublished();

        var x64 = PublishedBuild.X64.Run(PublishedBuild.X64.Utility(utility), ["--help"]);
        var arm64 = PublishedBuild.Arm64.Run(PublishedBuild.Arm64.Utility(utility), ["--help"]);

        Assert.Equal(0, x64.ExitCode);
        Assert.StartsWith($"Usage: {utility} ", x64.Out + x64.Error, StringComparison.Ordinal);
        Assert.Equal(x64, arm64);
    }

    [SkippableTheory]
    [InlineData("amd64")]
    [InlineData("arm64")]
    public void Wait_checks_a_file_an_interface_a_listener_and_a_command_then_runs_the_command(string architecture)
    {
        PublishedBuild.SkipUnlessBothArePublished();
        var build = architecture == "arm64" ? PublishedBuild.Arm64 : PublishedBuild.X64;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var run = build.Run(build.Utility("wait"),
            ["-f", build.Utility("wait"), "-i", "lo", "-t", $"127.0.0.1:{port}", "-c", "test -d /proc/self", "--", "echo", "all there"],
            timeout: TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("all there\n", run.Out);
    }

    [SkippableFact]
    public void Copy_fills_in_the_templates_the_same_and_keeps_the_modes()
    {
        PublishedBuild.SkipUnlessBothArePublished();
        var folder = Directory.CreateTempSubdirectory("arm64-copy-");
        try
        {
            var templates = RepositoryPaths.Of("examples", "utils-templating", "templates");
            var environment = PublishedBuild.Environment(new Dictionary<string, string> { ["VAL2"] = "from <the> environment & more" });
            var outputs = new Dictionary<string, Dictionary<string, string>>();
            foreach (var build in new[] { PublishedBuild.X64, PublishedBuild.Arm64 })
            {
                var target = Directory.CreateDirectory(Path.Combine(folder.FullName, build.Architecture)).FullName;
                var run = build.Run(build.Utility("copy"), ["-T", templates, target, "--", "ls", target], environment);
                Assert.True(run.ExitCode == 0, $"{build.Architecture}: {run}");
                outputs[build.Architecture] = Tree(target);
            }

            Assert.Contains("from <the> environment & more", outputs["amd64"]["index.html"], StringComparison.Ordinal);
            Assert.Equal(outputs["amd64"], outputs["arm64"]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public void Mdc_combines_the_modes_into_the_same_env_file_and_files()
    {
        PublishedBuild.SkipUnlessBothArePublished();
        var folder = Directory.CreateTempSubdirectory("arm64-mdc-");
        try
        {
            var results = new Dictionary<string, (ProgramRun Run, Dictionary<string, string> Tree)>();
            foreach (var build in new[] { PublishedBuild.X64, PublishedBuild.Arm64 })
            {
                // the same folder for both, so the paths mdc writes are the same
                var work = Path.Combine(folder.FullName, "project");
                CopyTree(RepositoryPaths.Of("examples", "multi-file"), work);
                var run = build.Run(build.Utility("mdc"), ["all"], workingDirectory: work);
                Assert.True(run.ExitCode == 0, $"{build.Architecture}: {run}");
                var tree = Tree(work);
                // its first line records the command line, which names each build's own path
                tree[".env"] = tree[".env"].Replace(build.Utility("mdc"), "mdc", StringComparison.Ordinal);
                Directory.Delete(work, recursive: true);
                results[build.Architecture] = (run, tree);
            }

            Assert.Contains(".env", results["amd64"].Tree.Keys);
            Assert.Equal(results["amd64"].Run, results["arm64"].Run);
            Assert.Equal(results["amd64"].Tree, results["arm64"].Tree);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Every file under <paramref name="root"/>: relative path to its mode and content.</summary>
    private static Dictionary<string, string> Tree(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            file => Path.GetRelativePath(root, file),
            file => $"{File.GetUnixFileMode(file)}\n{File.ReadAllText(file)}");

    private static void CopyTree(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
    }
}
