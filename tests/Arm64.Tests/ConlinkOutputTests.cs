using Conlink.Arm64.Tests.Support;
using Conlink.Cli.Tests.Support;

namespace Conlink.Arm64.Tests;

/// <summary>The arm64 conlink, run under qemu-user, says exactly what the x64 one says.</summary>
public sealed class ConlinkOutputTests
{
    private static readonly string[] Commands = ["validate", "show-config", "graph dot", "graph mermaid", "graph json"];

    // multi-host takes its tunnel's remote and its node's address from the environment
    private static readonly Dictionary<string, string> MultiHostEnvironment = new() { ["REMOTE"] = "10.0.0.2", ["NODE_IP"] = "10.0.0.1" };

    public static TheoryData<string, string> ExamplesAndCommands()
    {
        var data = new TheoryData<string, string>();
        foreach (var example in AllExamples())
            foreach (var command in Commands)
                data.Add(example, command);
        return data;
    }

    [SkippableFact]
    public void The_arm64_conlink_prints_the_same_version_as_the_x64_one_so_both_are_one_build()
    {
        PublishedBuild.SkipUnlessBothArePublished();

        var x64 = PublishedBuild.X64.Run(PublishedBuild.X64.Conlink, ["--version"]);
        var arm64 = PublishedBuild.Arm64.Run(PublishedBuild.Arm64.Conlink, ["--version"]);

        Assert.Equal(0, x64.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\+[0-9a-f]{40}\n$", x64.Out);
        Assert.Equal(x64, arm64);
    }

    [SkippableTheory]
    [InlineData("--help")]
    [InlineData("validate --help")]
    [InlineData("graph --help")]
    [InlineData("status --help")]
    [InlineData("trace --help")]
    public void Help_is_the_same(string command)
    {
        PublishedBuild.SkipUnlessBothArePublished();

        AssertSameOutput(command.Split(' '));
    }

    [SkippableTheory]
    [MemberData(nameof(ExamplesAndCommands))]
    public void Every_example_gives_the_same_output(string example, string command)
    {
        PublishedBuild.SkipUnlessBothArePublished();
        var arguments = ExampleArguments(example);
        string[] args = command switch
        {
            "validate" => ["validate", .. arguments],
            "show-config" => [.. arguments, "--show-config"],
            _ => ["graph", .. arguments, "--format", command.Split(' ')[1]],
        };

        var x64 = AssertSameOutput(args, example == "multi-host" ? MultiHostEnvironment : null);

        Assert.True(x64.ExitCode == 0, $"{example}: conlink {string.Join(' ', args)}\n{x64}");
        Assert.NotEmpty(x64.Out);
    }

    [SkippableFact]
    public void An_invalid_config_gets_the_same_errors_and_exit_code()
    {
        PublishedBuild.SkipUnlessBothArePublished();
        var folder = Directory.CreateTempSubdirectory("arm64-invalid-");
        try
        {
            var file = Path.Combine(folder.FullName, "compose.yaml");
            File.WriteAllText(file, """
                services:
                  h1:
                    image: busybox
                    x-network:
                      links:
                        - {bridge: s1, ip: 10.0.0.300/24, mtu: 70000}
                        - {dev: eth0}
                """);

            var x64 = AssertSameOutput(["validate", "--compose-file", file]);

            Assert.Equal(1, x64.ExitCode);
            Assert.Contains("compose.yaml:6:", x64.Out + x64.Error, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public void A_graph_rendered_to_svg_is_the_same()
    {
        PublishedBuild.SkipUnlessBothArePublished();
        Skip.IfNot(File.Exists("/usr/bin/dot"), "no GraphViz dot (scripts/setup.sh installs graphviz)");
        var folder = Directory.CreateTempSubdirectory("arm64-svg-");
        try
        {
            string[] Args(string architecture) =>
                ["graph", .. ExampleArguments("router"), "-o", Path.Combine(folder.FullName, architecture + ".svg")];

            var x64 = PublishedBuild.X64.Run(PublishedBuild.X64.Conlink, Args("amd64"));
            var arm64 = PublishedBuild.Arm64.Run(PublishedBuild.Arm64.Conlink, Args("arm64"));

            Assert.True(x64.ExitCode == 0, x64.ToString());
            Assert.Equal(x64.ExitCode, arm64.ExitCode);
            Assert.Equal(File.ReadAllText(Path.Combine(folder.FullName, "amd64.svg")), File.ReadAllText(Path.Combine(folder.FullName, "arm64.svg")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static IEnumerable<string> AllExamples() =>
        Directory.GetDirectories(RepositoryPaths.Of("examples")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    private static string[] ExampleArguments(string example) =>
        example == "multi-host"
            ? ["--compose-file", RepositoryPaths.Of("examples", "multi-host", "compose.yaml")]
            : ExampleCommands.ServiceArguments(example);

    private static ProgramRun AssertSameOutput(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var x64 = PublishedBuild.X64.Run(PublishedBuild.X64.Conlink, args, PublishedBuild.Environment(environment));
        var arm64 = PublishedBuild.Arm64.Run(PublishedBuild.Arm64.Conlink, args, PublishedBuild.Environment(environment));
        Assert.Equal(x64.Out, arm64.Out);
        Assert.Equal(x64.Error, arm64.Error);
        Assert.Equal(x64.ExitCode, arm64.ExitCode);
        return x64;
    }
}
