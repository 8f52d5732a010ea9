using System.Text.Json.Nodes;
using Conlink.Cli.Running;
using Conlink.Cli.Tests.Support;

namespace Conlink.Cli.Tests;

/// <summary><c>--log-format json</c>: every line conlink writes to stderr is one JSON object.</summary>
public sealed class LogFormatTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

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

    [Fact]
    public void A_message_written_as_one_line_stays_one_object_even_when_it_spans_lines()
    {
        var output = new StringWriter();
        using var writer = new JsonLogWriter(output, () => Now);

        writer.WriteLine("conlink: network config:\n{\n  \"bridges\": {}\n}");
        writer.Write("conlink: status at /run/conlink/status.sock\n");

        var lines = JsonLines(output.ToString());
        Assert.Equal(2, lines.Count);
        Assert.Equal("network config:\n{\n  \"bridges\": {}\n}", (string)lines[0]["message"]!);
        Assert.Equal("info", (string)lines[0]["level"]!);
        Assert.Equal("2026-11-28T01:00:00.0000000+00:00", (string)lines[0]["time"]!);
        Assert.Equal("status at /run/conlink/status.sock", (string)lines[1]["message"]!);
    }
}
