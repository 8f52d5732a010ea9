using System.Diagnostics;
using System.Security.Cryptography;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Cluster;

/// <summary>
/// Cluster mode on the real Docker engine: two "hosts", each a network namespace with an underlay veth
/// to the other (192.168.89.10 and .11), each running the published conlink inside it as a host process
/// with its bridges in a namespace of its own, and each with a compose project of its own whose node is a
/// Docker container. The two conlinks form one cluster and span s1 between them; neither config names
/// the other host.
/// </summary>
public sealed class ClusterDockerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(90);

    private const string Compose = """
        x-network:
          bridges:
            - {bridge: s1, span: cluster}
        services:
          node:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            command: sleep 864000
            x-network:
              links:
                - {bridge: s1, ip: "${NODE_IP}/24", mtu: 1450}
        """;

    private static string Underlay(int host) => $"192.168.89.{10 + host}";

    private static string NodeIp(int host) => $"10.89.0.{10 + host}";

    [SkippableFact]
    public async Task Docker_containers_on_two_hosts_reach_each_other_over_a_bridge_the_cluster_spans_also_after_a_restart_and_sigterm_leaves_nothing()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        Skip.If(ConlinkProcess.Executable is null, ConlinkProcess.MissingExecutable);
        var prefix = $"e2ecl{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        string[] hosts = [$"{prefix}-h0", $"{prefix}-h1"];
        string[] bridgeNamespaces = [$"{prefix}-b0", $"{prefix}-b1"];
        var projects = new List<ComposeProject>();
        var conlinks = new List<ConlinkProcess>();
        try
        {
            await Ip("netns", "add", hosts[0]);
            await Ip("netns", "add", hosts[1]);
            await Ip("-n", hosts[0], "link", "add", "underlay", "type", "veth", "peer", "underlay", "netns", hosts[1]);
            for (var i = 0; i < 2; i++)
            {
                await Ip("-n", hosts[i], "addr", "add", $"{Underlay(i)}/24", "dev", "underlay");
                await Ip("-n", hosts[i], "link", "set", "underlay", "up");
                await Ip("-n", hosts[i], "link", "set", "lo", "up");
            }

            for (var i = 0; i < 2; i++)
            {
                var environment = new Dictionary<string, string> { ["NODE_IP"] = NodeIp(i) };
                var project = ComposeProject.FromYaml(Compose, output, environment);
                projects.Add(project);
                await project.UpAsync("node");
                conlinks.Add(ConlinkProcess.Start(
                    ["--netns", bridgeNamespaces[i], "--compose-file", Path.Combine(project.Directory, "compose.yaml"), "--compose-project", project.Name,
                        "--cluster-bind", Underlay(i), "--cluster-seed", Underlay(0)],
                    output, inNamespace: hosts[i], environment: environment));
            }
            foreach (var conlink in conlinks) await conlink.WaitForLogAsync(ConlinkSidecar.AllConnected, ConlinkSidecar.ConnectTimeout);

            await ReachAsync(projects[0], NodeIp(1));
            await ReachAsync(projects[1], NodeIp(0));
            foreach (var (conlink, i) in conlinks.Select((c, i) => (c, i)))
                Assert.Contains($"spanned bridge s1: flood entry to {Underlay(1 - i)} added", conlink.Log);

            // A node restarted by Docker is wired again by its own host's conlink and reached across the span.
            await projects[1].DockerRestartAsync("node");
            await ReachAsync(projects[0], NodeIp(1));

            foreach (var conlink in conlinks) Assert.Equal(0, await conlink.StopAsync());
            foreach (var ns in bridgeNamespaces) Assert.False(File.Exists($"/run/netns/{ns}"), $"network namespace {ns} is still there");
            foreach (var project in projects) Assert.Equal(["lo"], (await project.InterfacesAsync("node")).Select(i => i.Name));
        }
        finally
        {
            foreach (var conlink in conlinks) await conlink.DisposeAsync();
            foreach (var project in projects) await project.DisposeAsync();
            foreach (var ns in hosts.Concat(bridgeNamespaces).Where(ns => File.Exists($"/run/netns/{ns}")))
                await Ip("netns", "del", ns);
        }
    }

    private async Task ReachAsync(ComposeProject project, string address)
    {
        var clock = Stopwatch.StartNew();
        while (!(await project.PingAsync("node", 1, address)).Succeeded)
        {
            if (clock.Elapsed > ReachTimeout) Assert.Fail($"{project.Name}'s node did not reach {address} within {ReachTimeout.TotalSeconds:0} s");
            await Task.Delay(500);
        }
        output.WriteLine($"{project.Name}'s node reached {address} after {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task Ip(params string[] arguments) =>
        (await Command.RunAsync("ip", arguments, CommandTimeout)).EnsureSuccess();
}
