using System.Text.Json.Nodes;
using Conlink.Cli.Tests.Support;

namespace Conlink.Cli.Tests;

/// <summary><c>--log-format json</c>: every line conlink writes to stderr is one JSON object.</summary>
public sealed class LogFormatTests
{
    private static IReadOnlyList<JsonObject> JsonLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => (JsonObject)JsonNode.Parse(line)!).ToList();

    [Fact]
    public void Run_mode_lines_are_json_objects_with_level_source_and_message()
    {
        var run = CliRun.Of(["--log-format", "json", "--compose-file", RepositoryPaths.Of("examples", "router", "compose.yaml"),
            "--docker-socket", "/nonexistent/docker.sock", "--podman-socket", "/nonexistent/podman.sock"]);

        Assert.Equal(1, run.ExitCode);
        var lines = JsonLines(run.Error);
        Assert.All(lines, l => Assert.Equal("conlink", (string)l["source"]!));
        Assert.Contains(lines, l => (string)l["level"]! == "warning" && ((string)l["message"]!).StartsWith("bridge mode 'auto' uses 'linux'", StringComparison.Ordinal));
        Assert.Contains(lines, l => (string)l["level"]! == "error" && ((string)l["message"]!).StartsWith("cannot reach Docker (/nonexistent/docker.sock)", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_format_keeps_the_plain_lines()
    {
        var run = CliRun.Of(["--compose-file", RepositoryPaths.Of("examples", "router", "compose.yaml"),
            "--docker-socket", "/nonexistent/docker.sock", "--podman-socket", "/nonexistent/podman.sock"]);

        Assert.Contains(run.ErrorLines, l => l.StartsWith("conlink: ERROR: cannot reach Docker (/nonexistent/docker.sock)", StringComparison.Ordinal));
    }
}
