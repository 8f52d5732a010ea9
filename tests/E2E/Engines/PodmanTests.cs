using System.Security.Cryptography;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Engines;

/// <summary>
/// Podman beside Docker: one compose project brought up partly on Docker and partly on podman (with
/// <c>docker compose</c> pointed at podman's socket through DOCKER_HOST), one conlink on the host
/// following both engines.
/// </summary>
public sealed class PodmanTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    // podman's default open-file limit is refused here, and compose does not use containers.conf's default_ulimits;
    // podman's default capabilities lack NET_RAW, which busybox ping needs
    private const string Yaml = """
        services:
          d1:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            command: sleep 864000
            x-network:
              links:
                - {bridge: s1, ip: 10.77.1.21/24}
          p1:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            command: sleep 864000
            cap_add: [NET_RAW]
            ulimits:
              nofile: {soft: 4096, hard: 4096}
              nproc: {soft: 4096, hard: 4096}
            x-network:
              links:
                - {bridge: s1, ip: 10.77.1.11/24}
        """;

    [SkippableFact]
    public async Task One_conlink_joins_docker_and_podman_containers_on_one_bridge_and_podman_restart_scale_and_stop_rebuild_links_keeping_mac_and_ip()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        await PodmanEngine.SkipUnlessReadyAsync(TestImages.Node);
        Skip.If(ConlinkProcess.Executable is null, ConlinkProcess.MissingExecutable);
        await using var docker = ComposeProject.FromYaml(Yaml, output);
        await using var podman = docker.OnEngine(PodmanEngine.Environment);
        var composeFile = Path.Combine(docker.Directory, "compose.yaml");
        var leakCheck = await HostLeakCheck.StartAsync(docker.Name);
        var netns = $"e2e-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        await docker.UpAsync("d1");
        await podman.UpAsync("p1");
        Assert.Equal(["d1"], await ServicesOnAsync(docker));
        Assert.Equal(["p1"], await ServicesOnAsync(podman));

        int exitCode;
        await using (var conlink = ConlinkProcess.Start(
            ["--netns", netns, "--compose-file", composeFile, "--compose-project", docker.Name, "--podman-socket", PodmanEngine.Socket], output))
        {
            await conlink.WaitForLogAsync(ConlinkSidecar.AllConnected, Patience);
            Assert.Contains($"connected to podman 4.", conlink.Log, StringComparison.Ordinal);
            Assert.Contains($"at {PodmanEngine.Socket}", conlink.Log, StringComparison.Ordinal);

            var p1 = await podman.WaitForAddressAsync("p1", 1, "eth0", Patience);
            Assert.Equal("10.77.1.11/24", p1.Ipv4Addresses.Single().ToString());
            await AssertPingsAsync(docker, "d1", 1, "10.77.1.11");
            await AssertPingsAsync(podman, "p1", 1, "10.77.1.21");

            // restart: podman sends die and start (with init and cleanup between), conlink rebuilds the link
            var pid = await podman.ContainerPidAsync("p1");
            await podman.DockerRestartAsync("p1");
            Assert.NotEqual(pid, await podman.ContainerPidAsync("p1"));
            var restarted = await podman.WaitForAddressAsync("p1", 1, "eth0", Patience);
            Assert.Equal(p1.Mac, restarted.Mac);
            Assert.Equal(p1.Ipv4Addresses, restarted.Ipv4Addresses);
            await AssertPingsAsync(docker, "d1", 1, "10.77.1.11");

            // scale: the second replica gets the next IP and MAC
            await podman.ScaleAsync("p1", 2);
            var replica = await podman.WaitForAddressAsync("p1", 2, "eth0", Patience);
            Assert.Equal("10.77.1.12/24", replica.Ipv4Addresses.Single().ToString());
            Assert.Equal(MacPlus(p1.Mac, 1), replica.Mac.ToString());
            await AssertPingsAsync(docker, "d1", 1, "10.77.1.12");
            await WaitForBridgePortsAsync(netns, 3);

            // stop: both replicas' links go; start: they come back as they were
            (await podman.RunComposeAsync("stop", "--timeout", "2", "p1")).EnsureSuccess();
            await WaitForBridgePortsAsync(netns, 1);
            (await podman.RunComposeAsync("start", "p1")).EnsureSuccess();
            var again = await podman.WaitForAddressAsync("p1", 1, "eth0", Patience);
            Assert.Equal(p1.Mac, again.Mac);
            Assert.Equal(p1.Ipv4Addresses, again.Ipv4Addresses);
            Assert.Equal(replica.Mac, (await podman.WaitForAddressAsync("p1", 2, "eth0", Patience)).Mac);
            await AssertPingsAsync(podman, "p1", 2, "10.77.1.21");
            await WaitForBridgePortsAsync(netns, 3);

            exitCode = await conlink.StopAsync();
        }

        Assert.Equal(0, exitCode);
        Assert.False(File.Exists($"/run/netns/{netns}"), $"network namespace {netns} is still there");
        await podman.DownAsync();
        await docker.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    /// <summary>The services of the project that the engine <paramref name="project"/> talks to runs.</summary>
    private static async Task<IReadOnlyList<string>> ServicesOnAsync(ComposeProject project) =>
        (await project.RunComposeAsync("ps", "--services")).EnsureSuccess().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order().ToList();

    private static async Task AssertPingsAsync(ComposeProject project, string service, int index, string address)
    {
        var ping = await project.PingAsync(service, index, address);
        Assert.True(ping.Succeeded, $"{service} #{index} cannot reach {address}: {ping}");
    }

    /// <summary>Waits until bridge s1 in conlink's namespace has exactly <paramref name="count"/> ports.</summary>
    private static async Task WaitForBridgePortsAsync(string netns, int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var ports = ContainerInterface.ParseIpJson((await Command.RunAsync("ip", ["-n", netns, "-j", "link", "show", "master", "s1"], CommandTimeout))
                .EnsureSuccess().Stdout);
            if (ports.Count == count) return;
            if (waited.Elapsed > Patience)
                throw new TimeoutException($"bridge s1 in {netns} has ports {string.Join(", ", ports.Select(p => p.Name))}, not {count}");
            await Task.Delay(200);
        }
    }

    private static string MacPlus(System.Net.NetworkInformation.PhysicalAddress mac, int offset)
    {
        var bytes = mac.GetAddressBytes();
        var value = bytes.Aggregate(0UL, (v, b) => v << 8 | b) + (ulong)offset;
        for (var i = bytes.Length - 1; i >= 0; i--, value >>= 8) bytes[i] = (byte)value;
        return new System.Net.NetworkInformation.PhysicalAddress(bytes).ToString();
    }
}
