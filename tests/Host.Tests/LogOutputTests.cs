using System.Text.Json.Nodes;
using Conlink.Host.Logging;

namespace Conlink.Host.Tests;

/// <summary>Every log line, the host's and the engine's, is one structured entry, written as text or as one JSON object.</summary>
public sealed class LogOutputTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<JsonObject> JsonLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => (JsonObject)JsonNode.Parse(line)!).ToList();

    [Fact]
    public void A_message_that_spans_lines_stays_one_json_object()
    {
        var output = new StringWriter();
        var log = new LogOutput(output, LogFormat.Json, () => Now);

        log.Info("network config:\n{\n  \"bridges\": {}\n}");
        log.Info("status at /run/conlink/status.sock");

        var lines = JsonLines(output.ToString());
        Assert.Equal(2, lines.Count);
        Assert.Equal("network config:\n{\n  \"bridges\": {}\n}", (string)lines[0]["message"]!);
        Assert.Equal("info", (string)lines[0]["level"]!);
        Assert.Equal("conlink", (string)lines[0]["source"]!);
        Assert.Equal("2026-11-28T01:00:00.0000000+00:00", (string)lines[0]["time"]!);
        Assert.Equal("status at /run/conlink/status.sock", (string)lines[1]["message"]!);
    }

    [Fact]
    public void The_level_comes_from_the_entry_not_from_parsing_its_text()
    {
        var output = new StringWriter();
        var log = new LogOutput(output, LogFormat.Json, () => Now);

        log.Info("WARNING: this is what a container printed");
        log.Warning("no Docker socket at /var/run/docker.sock");

        var lines = JsonLines(output.ToString());
        Assert.Equal(("info", "WARNING: this is what a container printed"), ((string)lines[0]["level"]!, (string)lines[0]["message"]!));
        Assert.Equal("warning", (string)lines[1]["level"]!);
    }

    [Fact]
    public void Text_lines_of_the_host_say_conlink_and_the_level_and_the_engines_keep_their_time_and_level()
    {
        var output = new StringWriter();
        var log = new LogOutput(output, LogFormat.Text, () => Now);

        log.Error("cannot reach Docker (/nonexistent/docker.sock) or Podman (/nonexistent/podman.sock)");
        log.Info("status at /run/conlink/status.sock");
        log.Write(new LogEntry(Now, LogLevel.Warning, "akka://conlink/user/conlink/bridges/s1", "bridge s1 disappeared"));
        log.Write(new LogEntry(Now, LogLevel.Error, "akka://conlink/user/conlink", "tunnel vxlan-1001 failed", "timed out"));

        Assert.Equal([
            "conlink: ERROR: cannot reach Docker (/nonexistent/docker.sock) or Podman (/nonexistent/podman.sock)",
            "conlink: status at /run/conlink/status.sock",
            "01:00:00.000 WARN  bridge s1 disappeared",
            "01:00:00.000 ERROR tunnel vxlan-1001 failed: timed out",
        ], output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
