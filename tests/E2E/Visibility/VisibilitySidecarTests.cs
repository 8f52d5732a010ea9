using System.Text.Json;
using System.Text.Json.Nodes;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Visibility;

/// <summary>
/// What a user sees of a conlink sidecar with one link that comes up and one that cannot: its log
/// with <c>--log-format json -v</c>, and <c>conlink status</c> and <c>conlink trace</c> run inside it.
/// </summary>
public sealed class VisibilitySidecarTests(ITestOutputHelper output)
{
    private static readonly string GoodAndBroken = """
        services:
          good:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            command: sleep 86400
            x-network:
              links: [{bridge: s1, ip: 10.0.0.1/24}]
          broken:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            command: sleep 86400
            x-network:
              links: [{bridge: s1, ip: 10.0.0.2/24, route: 10.9.0.0/16 via 10.5.0.1}]
        """ + ConlinkSidecar.ServiceYaml("--log-format json -v --trace /tmp/trace.jsonl");

    private static readonly TimeSpan LogTimeout = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Status_trace_and_the_json_log_all_say_which_link_failed_and_why()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromYaml(GoodAndBroken, output);
        await project.UpAsync();
        await project.WaitForLogAsync("network", "links ready: 1/2 (1 failed)", LogTimeout);

        var status = await project.ExecAsync("network", "/app/conlink", "status");
        Assert.Equal(1, status.ExitCode);
        var broken = Assert.Single(status.Stdout.Split('\n'), l => l.StartsWith(project.Name + "-broken-1 ", StringComparison.Ordinal));
        Assert.Matches(@"\beth0\s+failed\s+10\.0\.0\.2/24\s+c2(:[0-9a-f]{2}){5}\s+s1\s+route '10\.9\.0\.0/16 via 10\.5\.0\.1 dev eth0' .*the gateway is not reachable", broken);
        Assert.Contains("1/2 ready, 1 failed", status.Stdout);

        var json = await project.ExecAsync("network", "/app/conlink", "status", "--json");
        var states = JsonNode.Parse(json.Stdout)!["links"]!.AsArray().ToDictionary(l => (string)l!["container"]!, l => (string)l!["state"]!);
        Assert.Equal("ready", states[project.Name + "-good-1"]);
        Assert.Equal("failed", states[project.Name + "-broken-1"]);

        var trace = await project.ExecAsync("network", "/app/conlink", "trace", "/tmp/trace.jsonl", "--container", project.Name + "-broken-1", "--kind", "netlink");
        Assert.Equal(1, trace.ExitCode);
        Assert.Contains(trace.Stdout.Split('\n'), l => l.Contains("route-replace 10.9.0.0/16 via 10.5.0.1 dev eth0", StringComparison.Ordinal)
            && l.Contains("error: ", StringComparison.Ordinal));

        var log = (await project.LogsAsync("network")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseObject).ToList();
        Assert.Contains(log, l => l.Level == "info" && l.Message.StartsWith("planned: 1 bridge(s), 0 tunnel(s), 2 service(s), 0 container(s)", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Level == "info" && l.Message == "links ready: 1/2 (1 failed)");
        Assert.Contains(log, l => l.Level == "debug" && l.Message.StartsWith(project.Name + "-good-1:eth0: addr-add 10.0.0.1/24 dev eth0", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Level == "error" && l.Message.Contains("link eth0 failed", StringComparison.Ordinal));
    }

    private sealed record LogLine(string Level, string Message);

    /// <summary>
    /// A log line, which must be a JSON object with a level and a message. docker compose 2.x
    /// starts each line it prints with an erase-line sequence even with --ansi never.
    /// </summary>
    private static LogLine ParseObject(string line)
    {
        try
        {
            var json = (JsonObject)JsonNode.Parse(line.Replace("\e[2K", "", StringComparison.Ordinal))!;
            return new LogLine((string)json["level"]!, (string)json["message"]!);
        }
        catch (Exception e) when (e is JsonException or InvalidCastException or NullReferenceException)
        {
            throw new Xunit.Sdk.XunitException($"not a JSON log object: {line}");
        }
    }
}
