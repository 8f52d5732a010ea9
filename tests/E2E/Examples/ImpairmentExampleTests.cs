using System.Net.NetworkInformation;
using System.Text.RegularExpressions;
using Conlink.Config.Model;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Examples;

/// <summary>
/// examples/impairment: per-link MAC, MTU, netem and ethtool, and <c>--default-mtu</c> (the
/// original's test7). Without netem in the kernel the impaired link fails, so a variant of the
/// example with the netem settings left out checks the rest.
/// </summary>
public sealed partial class ImpairmentExampleTests(ITestOutputHelper output)
{
    private static readonly string ComposeFile = Repository.PathOf("examples/impairment/compose.yaml");
    private static readonly TimeSpan Timeout = ConlinkSidecar.ConnectTimeout;
    private static readonly PhysicalAddress[] Macs = [PhysicalAddress.Parse("02:00:0a:0b:0c:01"), PhysicalAddress.Parse("02:00:0a:0b:0c:02")];
    private const int ImpairedMtu = 4111;
    private const int DefaultMtu = 5111;

    [SkippableFact]
    public async Task Without_netem_in_the_kernel_the_impaired_link_comes_up_degraded_saying_why()
    {
        Skip.If(await KernelFeatures.HasNetemAsync(), "this kernel has netem, so the impaired link is not degraded");
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await project.UpAsync();

        var log = await project.WaitForLogAsync(ConlinkSidecar.Service, "eth0 is degraded", Timeout, occurrences: 2);
        Assert.Equal(2, ComposeProject.CountOf(log, "eth0 is degraded: netem not applied (kernel lacks sch_netem)"));
        for (var index = 1; index <= 2; index++)
        {
            await project.WaitForAddressAsync("node", index, "eth1", Timeout);
            await project.WaitForAddressAsync("node", index, "eth0", Timeout);
        }
        // Everything but netem is applied: MAC, MTU, offloads, addresses, and traffic flows.
        await AssertImpairedLinksAsync(project);
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    [SkippableFact]
    public async Task Impaired_links_get_their_mac_mtu_offload_settings_and_netem_delay()
    {
        Skip.IfNot(await KernelFeatures.HasNetemAsync(), "this kernel has no netem qdisc (module sch_netem)");
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);

        await project.UpUntilConnectedAsync();

        await AssertImpairedLinksAsync(project);
        for (var index = 1; index <= 2; index++)
        {
            var qdisc = (await project.InNamespaceAsync("node", index, "tc", "qdisc", "show", "dev", "eth0")).EnsureSuccess().Stdout;
            Assert.Contains("netem", qdisc);
            Assert.Contains("delay 40ms", qdisc);
        }
    }

    [SkippableFact]
    public async Task With_netem_left_out_the_links_get_their_macs_mtus_and_offload_settings()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        var withoutNetem = NetemSetting().Replace(File.ReadAllText(ComposeFile), "netem: []");
        Assert.DoesNotContain("delay", withoutNetem.Split('\n').Where(line => !line.TrimStart().StartsWith('#')));
        await using var project = ComposeProject.FromYaml(withoutNetem, output);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await project.UpUntilConnectedAsync();

        await AssertImpairedLinksAsync(project);
        var sidecar = await project.SidecarInterfacesAsync();
        Assert.Equal(ImpairedMtu, sidecar.Single(i => i.Name == "node_1-eth0").Mtu);
        Assert.Equal(DefaultMtu, sidecar.Single(i => i.Name == "node_1-eth1").Mtu);
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    /// <summary>MACs :01 and :02 (offset per replica), MTU 4111 and 5111, rx and tx offload off, pings on both bridges.</summary>
    private static async Task AssertImpairedLinksAsync(ComposeProject project)
    {
        for (var index = 1; index <= 2; index++)
        {
            var interfaces = await project.InterfacesAsync("node", index);
            var eth0 = interfaces.Single(i => i.Name == "eth0");
            var eth1 = interfaces.Single(i => i.Name == "eth1");
            Assert.Equal(Macs[index - 1], eth0.Mac);
            Assert.Equal(ImpairedMtu, eth0.Mtu);
            Assert.Equal([CidrAddress.Parse($"10.0.1.{index}/16")], eth0.Ipv4Addresses);
            Assert.Equal(DefaultMtu, eth1.Mtu);

            var offload = (await project.InNamespaceAsync("node", index, "ethtool", "-k", "eth0")).EnsureSuccess().Stdout;
            Assert.Matches(OffloadOff("rx-checksumming"), offload);
            Assert.Matches(OffloadOff("tx-checksumming"), offload);
        }
        (await project.PingAsync("node", 1, "10.0.1.2")).EnsureSuccess();
        (await project.PingAsync("node", 2, "172.20.1.1")).EnsureSuccess();
    }

    private static Regex OffloadOff(string feature) => new($"(?m)^{feature}: off");

    // "netem: rate 10mbit delay 40ms" and "{service: node, netem: delay 200ms}"
    [GeneratedRegex(@"netem: [^,}\n]+")]
    private static partial Regex NetemSetting();
}
