using Conlink.Config.Model;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Control;

/// <summary>
/// Live control of a running lab through the conlink sidecar on the real Docker engine
/// (issue 14): <c>conlink link down|up</c> and <c>conlink apply</c> run with
/// <c>docker compose exec network /app/conlink ...</c>, as a user types them.
/// </summary>
public sealed class LiveControlSidecarTests(ITestOutputHelper output)
{
    /// <summary>Two replicas of one service on one bridge: node_1 is 10.0.0.1, node_2 10.0.0.2.</summary>
    public static readonly string TwoNodes = """
        services:
          node:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            scale: 2
            command: sleep 86400
            x-network:
              links: [{bridge: s1, ip: 10.0.0.1/24}]
        """ + ConlinkSidecar.ServiceYaml();

    /// <summary>h1 and h2 on two bridges, their links in network.yaml next to the compose file, which apply re-reads.</summary>
    private static readonly string TwoHosts = """
        services:
          h1:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            command: sleep 86400
          h2:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            command: sleep 86400
        """ + ConlinkSidecar.ServiceYaml("--network-file /test/network.yaml");

    private const string NetworkBefore = """
        links:
          - {service: h1, dev: eth0, bridge: s1, ip: 10.0.0.1/24}
          - {service: h2, dev: eth0, bridge: s1, ip: 10.0.0.2/24}
          - {service: h1, dev: eth1, bridge: s2, ip: 10.1.0.1/24}
          - {service: h2, dev: eth1, bridge: s2, ip: 10.1.0.2/24}
        """;

    private const string NetworkAfter = """
        links:
          - {service: h1, dev: eth0, bridge: s1, ip: 10.0.0.11/24}
          - {service: h2, dev: eth0, bridge: s1, ip: 10.0.0.2/24}
          - {service: h1, dev: eth1, bridge: s2, ip: 10.1.0.1/24}
          - {service: h2, dev: eth1, bridge: s2, ip: 10.1.0.2/24}
        """;

    /// <summary>Line 3 has an address that is not one.</summary>
    private const string NetworkInvalid = """
        links:
          - {service: h1, dev: eth0, bridge: s1, ip: 10.0.0.21/24}
          - {service: h2, dev: eth0, bridge: s1, ip: 10.0.0.300/24}
          - {service: h1, dev: eth1, bridge: s2, ip: 10.1.0.1/24}
          - {service: h2, dev: eth1, bridge: s2, ip: 10.1.0.2/24}
        """;

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task Link_down_through_the_sidecar_pulls_the_cable_and_link_up_restores_it_with_the_same_address()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromYaml(TwoNodes, output, testName: "e2egaps-link-down-up");
        await project.UpUntilConnectedAsync();
        var before = await project.WaitForAddressAsync("node", 1, "eth0", Settle);
        Assert.True((await PingSoonAsync(project, "10.0.0.2")).Succeeded, "node_1 cannot ping node_2 before the link goes down");

        var down = await project.ExecAsync(ConlinkSidecar.Service, "/app/conlink", "link", "down", "node_1:eth0");

        Assert.Equal(0, down.ExitCode);
        var inner = (await project.InterfacesAsync("node", 1)).Single(i => i.Name == "eth0");
        Assert.True(inner.IsUp && inner.HasNoCarrier, $"node_1's eth0 should be up with NO-CARRIER, it has {string.Join(',', inner.Flags)}");
        var ports = (await project.SidecarInterfacesAsync()).Where(i => i.Master == "s1").ToList();
        Assert.Equal(2, ports.Count);
        Assert.Single(ports, p => !p.IsUp);
        Assert.False((await project.PingAsync("node", 1, "10.0.0.2")).Succeeded, "node_1 still reaches node_2 with its link down");
        var status = await project.ExecAsync(ConlinkSidecar.Service, "/app/conlink", "status");
        Assert.Equal(0, status.ExitCode);
        var row = Assert.Single(status.Stdout.Split('\n'), l => l.StartsWith(project.Name + "-node-1 ", StringComparison.Ordinal));
        Assert.Contains("down (set by user)", row);

        var up = await project.ExecAsync(ConlinkSidecar.Service, "/app/conlink", "link", "up", "node_1:eth0");

        Assert.Equal(0, up.ExitCode);
        var after = (await project.InterfacesAsync("node", 1)).Single(i => i.Name == "eth0");
        Assert.True(after.IsUp && !after.HasNoCarrier, $"node_1's eth0 should have its carrier back, it has {string.Join(',', after.Flags)}");
        Assert.Equal([CidrAddress.Parse("10.0.0.1/24")], after.Ipv4Addresses);
        Assert.Equal(before.Index, after.Index);
        Assert.All((await project.SidecarInterfacesAsync()).Where(i => i.Master == "s1"), p => Assert.True(p.IsUp, $"bridge port {p.Name} is still down"));
        Assert.True((await PingSoonAsync(project, "10.0.0.2")).Succeeded, "node_1 cannot ping node_2 after the link came back up");
        status = await project.ExecAsync(ConlinkSidecar.Service, "/app/conlink", "status");
        Assert.Equal(0, status.ExitCode);
        Assert.DoesNotContain("set by user", status.Stdout);
    }

    [SkippableFact]
    public async Task Apply_through_the_sidecar_changes_one_address_in_place_and_refuses_an_invalid_file_keeping_the_state()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromYaml(TwoHosts, output, testName: "e2egaps-apply");
        var networkFile = Path.Combine(project.Directory, "network.yaml");
        await File.WriteAllTextAsync(networkFile, NetworkBefore);
        await project.UpUntilConnectedAsync();
        var h1Eth0 = await project.WaitForAddressAsync("h1", 1, "eth0", Settle);
        var h1Eth1 = await project.WaitForAddressAsync("h1", 1, "eth1", Settle);
        var h2Eth0 = await project.WaitForAddressAsync("h2", 1, "eth0", Settle);
        var h1Started = await project.StartedAtAsync("h1");
        var h2Started = await project.StartedAtAsync("h2");
        var sidecarStarted = await project.StartedAtAsync(ConlinkSidecar.Service);

        await File.WriteAllTextAsync(networkFile, NetworkAfter);
        var apply = await project.ExecAsync(ConlinkSidecar.Service, "/app/conlink", "apply");

        Assert.Equal(0, apply.ExitCode);
        Assert.Matches(@"h1-1:eth0 in place: .*ip 10\.0\.0\.1/24 -> 10\.0\.0\.11/24", apply.Stdout);
        Assert.Contains("applied: 1 link change(s) in 1 container(s)", apply.Stdout);
        var h1 = await project.InterfacesAsync("h1", 1);
        Assert.Equal([CidrAddress.Parse("10.0.0.11/24")], h1.Single(i => i.Name == "eth0").Ipv4Addresses);
        Assert.Equal(h1Eth0.Index, h1.Single(i => i.Name == "eth0").Index);
        Assert.Equal(h1Eth1.Index, h1.Single(i => i.Name == "eth1").Index);
        Assert.Equal(h2Eth0.Index, (await project.InterfacesAsync("h2", 1)).Single(i => i.Name == "eth0").Index);
        Assert.Equal(h1Started, await project.StartedAtAsync("h1"));
        Assert.Equal(h2Started, await project.StartedAtAsync("h2"));
        Assert.Equal(sidecarStarted, await project.StartedAtAsync(ConlinkSidecar.Service));
        Assert.True((await PingSoonAsync(project, "10.0.0.11", from: "h2")).Succeeded, "h2 cannot reach h1 at its new address");

        await File.WriteAllTextAsync(networkFile, NetworkInvalid);
        var refused = await project.ExecAsync(ConlinkSidecar.Service, "/app/conlink", "apply");

        Assert.Equal(1, refused.ExitCode);
        Assert.Matches(@"network\.yaml:3:\d+: .*10\.0\.0\.300", refused.Stderr);
        h1 = await project.InterfacesAsync("h1", 1);
        Assert.Equal([CidrAddress.Parse("10.0.0.11/24")], h1.Single(i => i.Name == "eth0").Ipv4Addresses);
        Assert.Equal(h1Eth0.Index, h1.Single(i => i.Name == "eth0").Index);
        Assert.Equal([CidrAddress.Parse("10.0.0.2/24")], (await project.InterfacesAsync("h2", 1)).Single(i => i.Name == "eth0").Ipv4Addresses);
        var status = await project.ExecAsync(ConlinkSidecar.Service, "/app/conlink", "status");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("10.0.0.11/24", status.Stdout);
    }

    /// <summary>A ping that may take a few tries: a neighbour entry left FAILED (link down, new address) is resolved again.</summary>
    private static async Task<CommandResult> PingSoonAsync(ComposeProject project, string address, string from = "node")
    {
        var result = await project.PingAsync(from, 1, address);
        for (var attempt = 1; attempt < 3 && !result.Succeeded; attempt++) result = await project.PingAsync(from, 1, address);
        return result;
    }
}
