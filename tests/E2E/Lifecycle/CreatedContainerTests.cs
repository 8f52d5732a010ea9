using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Lifecycle;

/// <summary>
/// A container compose created but has not started is expected (issue 19): `docker compose create`
/// leaves `conlink status` saying its link is planned because it has not started, and "All links
/// connected" is not printed again until it is wired or removed; `docker compose rm` drops it.
/// </summary>
public sealed class CreatedContainerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private static readonly string Compose = """
        services:
          h1:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            command: sleep 86400
            x-network:
              links: [{bridge: s1, ip: 10.79.0.1/24}]
          h2:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            command: sleep 86400
            x-network:
              links: [{bridge: s1, ip: 10.79.0.2/24}]
        """ + ConlinkSidecar.ServiceYaml();

    [SkippableFact]
    public async Task A_created_container_is_expected_and_not_yet_connected_until_compose_starts_it_and_rm_drops_it()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromYaml(Compose, output, testName: "dropin2-created-container");
        await project.UpUntilConnectedAsync("h1", "network");

        (await project.RunComposeAsync("create", "--no-recreate", "h2")).EnsureSuccess();

        var row = await StatusRowAsync(project, "h2", present: true);
        Assert.Contains("planned", row, StringComparison.Ordinal);
        Assert.Contains("container created, not started yet", row, StringComparison.Ordinal);
        Assert.Equal(1, ComposeProject.CountOf(await project.LogsAsync(ConlinkSidecar.Service), ConlinkSidecar.AllConnected));

        (await project.RunComposeAsync("rm", "--force", "h2")).EnsureSuccess();

        await project.WaitUntilConnectedAsync(times: 2);
        await StatusRowAsync(project, "h2", present: false);

        (await project.RunComposeAsync("create", "--no-recreate", "h2")).EnsureSuccess();
        await StatusRowAsync(project, "h2", present: true);
        (await project.RunComposeAsync("start", "h2")).EnsureSuccess();

        await project.WaitUntilConnectedAsync(times: 3);
        var pinged = false;
        for (var attempt = 0; attempt < 5 && !pinged; attempt++) pinged = (await project.PingAsync("h1", 1, "10.79.0.2")).Succeeded;
        Assert.True(pinged, "h1 cannot reach h2 once it started");
    }

    /// <summary>The status row of the service's first container, once it is there (or, with <paramref name="present"/> false, gone).</summary>
    private static async Task<string> StatusRowAsync(ComposeProject project, string service, bool present)
    {
        var prefix = $"{project.Name}-{service}-1 ";
        var deadline = DateTime.UtcNow + Settle;
        string last;
        do
        {
            var status = await project.ExecAsync(ConlinkSidecar.Service, "/app/conlink", "status");
            last = status.Stdout;
            var row = status.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if ((row is not null) == present) return row ?? "";
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"after {Settle.TotalSeconds} s, {service} is {(present ? "still not" : "still")} in conlink status:\n{last}");
        return "";
    }
}
