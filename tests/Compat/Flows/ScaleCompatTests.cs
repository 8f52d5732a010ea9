using Conlink.Config.Model;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.Compat.Tests.Flows;

/// <summary>
/// Files/scale: the links in a network file given with <c>--network-file</c>, a service with
/// <c>scale: 2</c> whose replicas wait for their eth0, then <c>up -d --scale node=5</c> as the original's test does.
/// </summary>
public sealed class ScaleCompatTests(ITestOutputHelper output)
{
    private static readonly string Directory = OriginalStyle.FilesOf("scale");
    private static readonly string ComposeFile = Path.Combine(Directory, "compose.yaml");
    private static readonly ExamplePlan Plan = ExamplePlan.Load([ComposeFile], [Path.Combine(Directory, "network.yaml")]);

    [SkippableFact]
    public async Task Replicas_from_a_network_file_get_offset_addresses_and_scaling_to_five_wires_the_new_ones()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await OriginalStyle.UpAsync(project);

        Assert.Equal("/app/build/conlink.js --compose-file /test/compose.yaml --network-file /test/network.yaml",
            await OriginalStyle.SidecarCommandAsync(project));
        ExamplePlan.AssertBuilt(Plan.LinksOf("gateway"), await project.InterfacesAsync("gateway"));
        for (var index = 1; index <= 2; index++)
            ExamplePlan.AssertBuilt(Plan.LinksOf("node", index), await project.InterfacesAsync("node", index));
        (await project.PingAsync("node", 1, "10.40.1.2")).EnsureSuccess();
        (await project.PingAsync("node", 2, "10.40.1.1")).EnsureSuccess();
        (await project.PingAsync("node", 2, "10.40.0.1")).EnsureSuccess();

        (await project.RunComposeAsync("up", "-d", "--scale", "node=5")).EnsureSuccess();

        var node5 = await project.WaitForAddressAsync("node", 5, "eth0", ConlinkSidecar.ConnectTimeout);
        Assert.Equal([CidrAddress.Parse("10.40.1.5/16")], node5.Ipv4Addresses);
        ExamplePlan.AssertBuilt(Plan.LinksOf("node", 5), await project.InterfacesAsync("node", 5));
        (await project.PingAsync("node", 2, "10.40.1.5")).EnsureSuccess();
        (await project.PingAsync("node", 5, "10.40.0.1")).EnsureSuccess();
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }
}
