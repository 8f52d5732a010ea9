using Conlink.Config.Model;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Examples;

/// <summary>
/// examples/dual-stack with the conlink sidecar: a router with an IPv4 and an IPv6 address on each
/// of its two links, dual-stack hosts (one service with two replicas, offset on both families) and
/// an IPv6-only host. IPv6 works the moment conlink logs "All links connected", and h2's forward
/// reaches each replica from conlink's IPv4 and IPv6 addresses on its Docker network.
/// </summary>
public sealed class DualStackExampleTests(ITestOutputHelper output)
{
    public static readonly string ComposeFile = Repository.PathOf("examples/dual-stack/compose.yaml");
    private static readonly (string Service, int Index)[] Nodes = [("r0", 1), ("h1", 1), ("h2", 1), ("h2", 2), ("h4", 1)];
    private static readonly ExamplePlan Plan = ExamplePlan.Load([ComposeFile]);

    [SkippableFact]
    public async Task Hosts_reach_each_other_over_both_families_through_the_router_right_after_all_links_connected()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await project.UpUntilConnectedAsync();

        // Straight after "All links connected": no address is still tentative, and IPv6 carries traffic.
        (await project.PingAsync("h1", 1, "fd00:20::101")).EnsureSuccess();
        (await project.PingAsync("h4", 1, "fd00:20::100")).EnsureSuccess();
        (await project.PingAsync("h2", 2, "fd00:10::104")).EnsureSuccess();
        (await project.PingAsync("h2", 1, "192.168.10.100")).EnsureSuccess();
        foreach (var (service, index) in Nodes)
        {
            var interfaces = await project.InterfacesAsync(service, index);
            ExamplePlan.AssertBuilt(Plan.LinksOf(service, index), interfaces);
            Assert.All(interfaces, i => Assert.Empty(i.UnusableIpv6Addresses));
        }
        var h2 = (await project.InterfacesAsync("h2", 2)).Single(i => i.Name == "eth0");
        Assert.Equal([CidrAddress.Parse("192.168.20.101/24")], h2.Ipv4Addresses);
        Assert.Equal([CidrAddress.Parse("fd00:20::101/64")], h2.Ipv6Addresses);
        var h4 = (await project.InterfacesAsync("h4")).Single(i => i.Name == "eth0");
        Assert.Empty(h4.Ipv4Addresses);
        Assert.Equal([CidrAddress.Parse("fd00:10::104/64")], h4.Ipv6Addresses);
        // h2's forward, from conlink's addresses on the IPv6 Docker network: each replica on its port, over both families.
        var (ipv4, ipv6) = await project.DockerAddressesAsync();
        Assert.NotNull(ipv6);
        Assert.Equal((await project.ContainerIdAsync("h2", 1))[..12], await ConlinkSidecar.HttpGetAsync(ipv6, 8000));
        Assert.Equal((await project.ContainerIdAsync("h2", 2))[..12], await ConlinkSidecar.HttpGetAsync(ipv6, 8001));
        Assert.Equal((await project.ContainerIdAsync("h2", 2))[..12], await ConlinkSidecar.HttpGetAsync(ipv4, 8001));

        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    [SkippableFact]
    public async Task A_restarted_host_gets_its_ipv6_address_back_and_is_reached_again()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);
        await project.UpUntilConnectedAsync();
        var before = (await project.InterfacesAsync("h1")).Single(i => i.Name == "eth0");

        await project.DockerRestartAsync("h1");

        await project.WaitForAddressAsync("h1", 1, "eth0", ConlinkSidecar.ConnectTimeout);
        await project.WaitUntilConnectedAsync(times: 2);
        var after = (await project.InterfacesAsync("h1")).Single(i => i.Name == "eth0");
        Assert.Equal(before.Mac, after.Mac);
        Assert.Equal([CidrAddress.Parse("fd00:10::100/64")], after.Ipv6Addresses);
        Assert.Empty(after.UnusableIpv6Addresses);
        (await project.PingAsync("h1", 1, "fd00:20::100")).EnsureSuccess();
        (await project.PingAsync("h2", 1, "fd00:10::100")).EnsureSuccess();
    }
}
