using Conlink.Config.Model;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Examples;

/// <summary>
/// examples/router with the conlink sidecar: a router with three interfaces on three bridges,
/// and one host per bridge that routes through it (the original's test1).
/// </summary>
public sealed class RouterExampleTests(ITestOutputHelper output)
{
    public static readonly string ComposeFile = Repository.PathOf("examples/router/compose.yaml");
    public static readonly string[] Nodes = ["r0", "h1", "h2", "h3"];
    private static readonly ExamplePlan Plan = ExamplePlan.Load([ComposeFile]);

    [SkippableFact]
    public async Task Hosts_reach_each_other_through_the_router_and_down_leaves_nothing_behind()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await project.UpUntilConnectedAsync();

        await AssertWiredAsync(project);
        var sidecar = await project.SidecarInterfacesAsync();
        ExamplePlan.AssertOnBridges(Nodes.SelectMany(n => Plan.LinksOf(n)), sidecar);
        Assert.Equal(["h1_1-eth0", "r0_1-eth-s1"], sidecar.Where(i => i.Master == "s1").Select(i => i.Name).Order());
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    [SkippableFact]
    public async Task A_restarted_host_gets_the_same_mac_and_address_back_and_is_reached_again()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);
        await project.UpUntilConnectedAsync();
        var before = (await project.InterfacesAsync("h1")).Single(i => i.Name == "eth0");
        var pidBefore = await project.ContainerPidAsync("h1");

        await project.DockerRestartAsync("h1");

        var after = await project.WaitForAddressAsync("h1", 1, "eth0", ConlinkSidecar.ConnectTimeout);
        Assert.NotEqual(pidBefore, await project.ContainerPidAsync("h1"));
        Assert.Equal(before.Mac, after.Mac);
        Assert.Equal(before.Ipv4Addresses, after.Ipv4Addresses);
        Assert.Equal(before.Mtu, after.Mtu);
        await project.WaitUntilConnectedAsync(times: 2);
        (await project.PingAsync("h1", 1, "10.0.0.100")).EnsureSuccess();
        (await project.PingAsync("h3", 1, "192.168.1.100")).EnsureSuccess();
    }

    /// <summary>
    /// Every node has exactly its planned interfaces (names, addresses, MACs, MTUs), and the
    /// original's pings across the router work. Shared with the host-mode test.
    /// </summary>
    public static async Task AssertWiredAsync(ComposeProject project)
    {
        foreach (var node in Nodes)
        {
            var interfaces = await project.InterfacesAsync(node);
            ExamplePlan.AssertBuilt(Plan.LinksOf(node), interfaces);
            Assert.Equal(Plan.LinksOf(node).Select(l => l.Dev).Append("lo").Order(), interfaces.Select(i => i.Name).Order());
        }
        var h1 = (await project.InterfacesAsync("h1")).Single(i => i.Name == "eth0");
        Assert.Equal([CidrAddress.Parse("192.168.1.100/24")], h1.Ipv4Addresses);
        Assert.Equal(65535, h1.Mtu);
        Assert.Equal(0xc2, h1.Mac.GetAddressBytes()[0]);

        (await project.PingAsync("h1", 1, "10.0.0.100")).EnsureSuccess();
        (await project.PingAsync("h2", 1, "192.168.1.100")).EnsureSuccess();
        (await project.PingAsync("h3", 1, "172.16.0.100")).EnsureSuccess();
    }
}
