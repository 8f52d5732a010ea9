using Conlink.Config.Model;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Recovery;

/// <summary>
/// The original's test2 flow, repeated: <c>docker compose up</c> starts the nodes and the conlink
/// sidecar together, so containers start while conlink is listing and subscribing. Every node
/// must get its link every time (it once missed one in about 2 runs of 25).
/// </summary>
public sealed class StartupRaceTests(ITestOutputHelper output)
{
    private const int Runs = 12;
    private static readonly string[] Nodes = ["h1", "h2", "h3", "h4"];

    private static string Compose => "services:\n" + string.Concat(Nodes.Select((node, i) => $$"""
          {{node}}:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            command: sleep 864000
            x-network:
              links:
                - {bridge: s1, ip: 10.78.0.{{i + 1}}/24}

        """)) + ConlinkSidecar.ServiceYaml();

    [SkippableFact]
    public async Task Nodes_started_together_with_conlink_are_all_wired_in_every_one_of_12_runs()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        for (var run = 1; run <= Runs; run++)
        {
            await using var project = ComposeProject.FromYaml(Compose, output);
            await project.UpUntilConnectedAsync();

            for (var i = 0; i < Nodes.Length; i++)
            {
                var eth0 = (await project.InterfacesAsync(Nodes[i])).SingleOrDefault(l => l.Name == "eth0");
                Assert.True(eth0 is not null, $"run {run}: {Nodes[i]} got no eth0");
                Assert.Equal([CidrAddress.Parse($"10.78.0.{i + 1}/24")], eth0.Ipv4Addresses);
            }
            (await project.PingAsync("h1", 1, "10.78.0.4")).EnsureSuccess();
            await project.DownAsync();
        }
    }
}
