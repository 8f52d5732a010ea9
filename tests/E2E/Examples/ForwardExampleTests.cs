using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Examples;

/// <summary>
/// examples/forward: ports that the conlink sidecar publishes on 127.0.0.1 reach web servers
/// behind two bridges and a router, with the port offset per replica (the original's test10).
/// The engine here runs with --iptables=false, so Docker publishes through its userland proxy.
/// </summary>
public sealed class ForwardExampleTests(ITestOutputHelper output)
{
    private static readonly string ComposeFile = Repository.PathOf("examples/forward/compose.yaml");
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task Each_published_port_reaches_its_web_server_and_each_replica_its_own()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        var ports = FreePorts.Take(4);
        var environment = new Dictionary<string, string>
        {
            ["NODE1_PORT"] = ports[0].ToString(),
            ["NODE1_ALT_PORT"] = ports[1].ToString(),
            ["NODE2_1_PORT"] = ports[2].ToString(),
            ["NODE2_2_PORT"] = ports[3].ToString(),
        };
        await using var project = ComposeProject.FromFile(ComposeFile, output, environment);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await project.UpUntilConnectedAsync();

        (await project.PingAsync("node1", 1, "10.2.0.1")).EnsureSuccess();
        (await project.PingAsync("node2", 2, "10.1.0.1")).EnsureSuccess();
        using var http = new HttpClient { Timeout = HttpTimeout };
        Assert.Equal("node1", await GetAsync(http, ports[0]));
        Assert.Equal("node1", await GetAsync(http, ports[1]));
        // each replica of node2 serves its hostname, the short id of its container
        Assert.Equal((await project.ContainerIdAsync("node2", 1))[..12], await GetAsync(http, ports[2]));
        Assert.Equal((await project.ContainerIdAsync("node2", 2))[..12], await GetAsync(http, ports[3]));
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    private static async Task<string> GetAsync(HttpClient http, int port) =>
        (await http.GetStringAsync($"http://127.0.0.1:{port}/")).Trim();
}
