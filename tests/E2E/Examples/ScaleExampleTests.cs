using Conlink.Config.Model;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Examples;

/// <summary>
/// examples/scale: a scaled service whose replicas get offset IPs and MACs, with the links in a
/// separate network file, and a gateway with a dummy interface (the original's test2).
/// </summary>
public sealed class ScaleExampleTests(ITestOutputHelper output)
{
    private static readonly string ComposeFile = Repository.PathOf("examples/scale/compose.yaml");
    private static readonly ExamplePlan Plan = ExamplePlan.Load([ComposeFile], [Repository.PathOf("examples/scale/network.yaml")]);
    private static readonly TimeSpan Timeout = ConlinkSidecar.ConnectTimeout;

    [SkippableFact]
    public async Task Replicas_get_offset_addresses_and_macs_and_scaling_leaves_exactly_the_running_replicas_wired()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await project.UpAsync();
        await project.WaitForAddressAsync("internet", 1, "eth0", Timeout);
        for (var index = 1; index <= 2; index++)
        {
            await project.WaitForAddressAsync("node", index, "eth0", Timeout);
            ExamplePlan.AssertBuilt(Plan.LinksOf("node", index), await project.InterfacesAsync("node", index));
        }
        var node1 = (await project.InterfacesAsync("node", 1)).Single(i => i.Name == "eth0");
        var node2 = (await project.InterfacesAsync("node", 2)).Single(i => i.Name == "eth0");
        Assert.Equal([CidrAddress.Parse("10.0.1.1/24")], node1.Ipv4Addresses);
        Assert.Equal([CidrAddress.Parse("10.0.1.2/24")], node2.Ipv4Addresses);
        Assert.Equal(MacAddresses.Offset(node1.Mac, 1), node2.Mac);
        (await project.PingAsync("node", 1, "10.0.1.2")).EnsureSuccess();
        (await project.PingAsync("node", 2, "10.0.1.254")).EnsureSuccess();

        await project.ScaleAsync("node", 5);

        var node5 = await project.WaitForAddressAsync("node", 5, "eth0", Timeout);
        Assert.Equal([CidrAddress.Parse("10.0.1.5/24")], node5.Ipv4Addresses);
        ExamplePlan.AssertBuilt(Plan.LinksOf("node", 5), await project.InterfacesAsync("node", 5));
        (await project.PingAsync("node", 5, "10.0.1.1")).EnsureSuccess();
        (await project.PingAsync("node", 5, "10.0.1.254")).EnsureSuccess();

        await project.ScaleAsync("node", 2);

        string[] remaining = ["internet_1-eth0", "node_1-eth0", "node_2-eth0"];
        await project.WaitForInterfacesAsync(ConlinkSidecar.Service, 1,
            interfaces => Veths(interfaces).SequenceEqual(remaining), $"holding exactly the veths {string.Join(", ", remaining)}", Timeout);
        (await project.PingAsync("node", 2, "10.0.1.1")).EnsureSuccess();
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    [SkippableFact]
    public async Task Without_the_dummy_module_the_dummy_link_fails_clearly_and_the_other_links_come_up()
    {
        Skip.If(await KernelFeatures.HasDummyAsync(), "this kernel has the dummy link type, so the dummy link does not fail");
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);

        await project.UpAsync();

        var log = await project.WaitForLogAsync(ConlinkSidecar.Service, "link i0 failed", Timeout);
        Assert.Contains("no 'dummy' link type", log);
        await project.WaitForAddressAsync("node", 2, "eth0", Timeout);
        Assert.Equal(["eth0", "lo"], (await project.InterfacesAsync("internet")).Select(i => i.Name).Order());
        (await project.PingAsync("node", 2, "10.0.1.254")).EnsureSuccess();
        Assert.DoesNotContain(ConlinkSidecar.AllConnected, await project.LogsAsync(ConlinkSidecar.Service));
    }

    [SkippableFact]
    public async Task Nodes_reach_the_address_behind_the_gateway_on_its_dummy_interface()
    {
        Skip.IfNot(await KernelFeatures.HasDummyAsync(), "this kernel has no dummy link type (module dummy)");
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);

        await project.UpUntilConnectedAsync();

        ExamplePlan.AssertBuilt(Plan.LinksOf("internet"), await project.InterfacesAsync("internet"));
        (await project.PingAsync("node", 2, "10.0.100.100")).EnsureSuccess();
    }

    private static IEnumerable<string> Veths(IReadOnlyList<ContainerInterface> interfaces) =>
        interfaces.Where(i => i.Kind == "veth").Select(i => i.Name).Order();
}
