using System.Security.Cryptography;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Engines;

/// <summary>
/// A newer engine than bookworm's 20.10, for real: Debian trixie's Docker 26 (API 1.45) run beside the
/// main engine by scripts/setup-docker26.sh, a project brought up on it with <c>docker compose</c>
/// (DOCKER_HOST), and conlink on the host following its socket.
/// </summary>
public sealed class Docker26Tests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string Yaml = """
        services:
          n1:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            command: sleep 864000
            x-network:
              links:
                - {bridge: s1, ip: 10.78.1.1/24}
          n2:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            command: sleep 864000
            x-network:
              links:
                - {bridge: s1, ip: 10.78.1.2/24}
        """;

    [SkippableFact]
    public async Task Conlink_following_docker_26_links_its_containers_and_a_restart_keeps_mac_and_ip()
    {
        Skip.If(ConlinkProcess.Executable is null, ConlinkProcess.MissingExecutable);
        var before = await HostState.ReadAsync();
        var reason = await Docker26Engine.StartAsync();
        Skip.If(reason is not null, reason);
        try
        {
            await RunOnDocker26Async();
        }
        finally
        {
            await Docker26Engine.StopAsync();
        }
        Assert.False(Directory.Exists("/var/lib/conlink-docker26"), "Docker 26's data root is still there");
        Assert.False(File.Exists(Docker26Engine.Socket), "Docker 26's socket is still there");
        var leftovers = (await HostState.ReadAsync()).AddedSince(before);
        Assert.True(leftovers.Count == 0, $"left behind:\n  {string.Join("\n  ", leftovers)}");
    }

    private async Task RunOnDocker26Async()
    {
        var version = (await Docker26Engine.DockerAsync("version", "--format", "{{.Server.Version}}")).EnsureSuccess().Stdout.Trim();
        output.WriteLine($"Docker 26 engine: {version}");
        Assert.StartsWith("26.", version, StringComparison.Ordinal);

        await using var project = ComposeProject.FromYaml(Yaml, output, Docker26Engine.Environment, testName: "engines2-docker26");
        var composeFile = Path.Combine(project.Directory, "compose.yaml");
        var netns = $"e2e-engines2-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        await project.UpAsync();

        int exitCode;
        // no podman here: a podman socket that cannot exist, so conlink follows Docker 26 alone
        await using (var conlink = ConlinkProcess.Start(
            ["--netns", netns, "--compose-file", composeFile, "--compose-project", project.Name,
             "--docker-socket", Docker26Engine.Socket, "--podman-socket", Path.Combine(project.Directory, "no-podman.sock")], output))
        {
            await conlink.WaitForLogAsync(ConlinkSidecar.AllConnected, Patience);
            Assert.Contains($"connected to docker 26.", conlink.Log, StringComparison.Ordinal);
            Assert.Contains($"at {Docker26Engine.Socket}", conlink.Log, StringComparison.Ordinal);

            var n1 = await project.WaitForAddressAsync("n1", 1, "eth0", Patience);
            var n2 = await project.WaitForAddressAsync("n2", 1, "eth0", Patience);
            Assert.Equal("10.78.1.1/24", n1.Ipv4Addresses.Single().ToString());
            Assert.Equal("10.78.1.2/24", n2.Ipv4Addresses.Single().ToString());
            await AssertPingsAsync(project, "n1", "10.78.1.2");
            await AssertPingsAsync(project, "n2", "10.78.1.1");

            // restart: Docker 26 sends die and start; conlink rebuilds the link as it was
            var pid = await project.ContainerPidAsync("n2");
            await project.DockerRestartAsync("n2");
            Assert.NotEqual(pid, await project.ContainerPidAsync("n2"));
            var restarted = await project.WaitForAddressAsync("n2", 1, "eth0", Patience);
            Assert.Equal(n2.Mac, restarted.Mac);
            Assert.Equal(n2.Ipv4Addresses, restarted.Ipv4Addresses);
            await AssertPingsAsync(project, "n1", "10.78.1.2");
            await AssertPingsAsync(project, "n2", "10.78.1.1");

            exitCode = await conlink.StopAsync();
        }

        Assert.Equal(0, exitCode);
        Assert.False(File.Exists($"/run/netns/{netns}"), $"network namespace {netns} is still there");
        await project.DownAsync();
        var containers = (await Docker26Engine.DockerAsync("ps", "-a", "--filter", $"label=com.docker.compose.project={project.Name}", "--format", "{{.Names}}"))
            .EnsureSuccess().Stdout.Trim();
        Assert.True(containers.Length == 0, $"containers left on Docker 26: {containers}");
    }

    private static async Task AssertPingsAsync(ComposeProject project, string service, string address)
    {
        var ping = await project.PingAsync(service, 1, address);
        Assert.True(ping.Succeeded, $"{service} cannot reach {address}: {ping}");
    }
}
