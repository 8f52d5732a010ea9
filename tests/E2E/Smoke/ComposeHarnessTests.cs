using System.Text.RegularExpressions;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Smoke;

/// <summary>
/// Proves the harness on the real engine, without conlink: network-less busybox services come
/// up, run commands, restart, scale, log, and leave nothing behind when they go down.
/// </summary>
public sealed partial class ComposeHarnessTests(ITestOutputHelper output)
{
    private const string TwoNodes = """
        services:
          h1: &node
            image: ${NODE_IMAGE}
            network_mode: none
            init: true
            command: sh -c 'echo node ready; exec sleep 86400'
          h2: *node
        """;

    private static readonly TimeSpan LogTimeout = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Services_without_a_network_come_up_and_run_commands()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        await using var project = ComposeProject.FromYaml(TwoNodes, output);

        await project.UpAsync();

        Assert.Equal("hello from h1", (await project.ExecAsync("h1", "echo", "hello from h1")).EnsureSuccess().Stdout.Trim());
        Assert.Equal("hello from h2", (await project.ExecAsync("h2", "echo", "hello from h2")).EnsureSuccess().Stdout.Trim());
    }

    [SkippableFact]
    public async Task A_failing_command_in_a_container_reports_its_exit_code()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        await using var project = ComposeProject.FromYaml(TwoNodes, output);
        await project.UpAsync("h1");

        var result = await project.ExecAsync("h1", "sh", "-c", "exit 3");

        Assert.Equal(3, result.ExitCode);
    }

    [SkippableFact]
    public async Task A_container_with_network_mode_none_has_only_loopback()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        await using var project = ComposeProject.FromYaml(TwoNodes, output);
        await project.UpAsync("h1");

        var seenInside = InterfaceNames((await project.ExecAsync("h1", "ip", "link")).EnsureSuccess().Stdout);
        var seenFromHost = await project.InterfacesAsync("h1");

        Assert.Equal(["lo"], seenInside);
        var loopback = Assert.Single(seenFromHost);
        Assert.Equal("lo", loopback.Name);
        Assert.True(loopback.IsUp);
    }

    [SkippableFact]
    public async Task A_restarted_service_runs_again_in_a_new_process()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        await using var project = ComposeProject.FromYaml(TwoNodes, output);
        await project.UpAsync("h1");
        var pidBefore = await project.ContainerPidAsync("h1");

        await project.RestartAsync("h1");

        var pidAfter = await project.ContainerPidAsync("h1");
        Assert.NotEqual(0, pidAfter);
        Assert.NotEqual(pidBefore, pidAfter);
        (await project.ExecAsync("h1", "true")).EnsureSuccess();
    }

    [SkippableFact]
    public async Task Scaled_replicas_are_separate_containers_reached_by_index()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        await using var project = ComposeProject.FromYaml(TwoNodes, output);
        await project.UpAsync();

        await project.ScaleAsync("h2", 2);

        Assert.Equal(2, (await project.ContainerIdsAsync("h2")).Count);
        for (var index = 1; index <= 2; index++)
        {
            var hostname = (await project.ExecAsync("h2", index, "hostname")).EnsureSuccess().Stdout.Trim();
            Assert.Equal((await project.ContainerIdAsync("h2", index))[..12], hostname);
        }
    }

    [SkippableFact]
    public async Task Waiting_for_a_log_line_returns_the_log_once_the_line_appears()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        await using var project = ComposeProject.FromYaml(TwoNodes, output);
        await project.UpAsync("h1");

        var log = await project.WaitForLogAsync("h1", "node ready", LogTimeout);

        Assert.Contains("node ready", log);
    }

    [SkippableFact]
    public async Task Waiting_for_a_log_line_that_never_comes_fails_showing_the_log()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        await using var project = ComposeProject.FromYaml(TwoNodes, output);
        await project.UpAsync("h1");
        await project.WaitForLogAsync("h1", "node ready", LogTimeout);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(
            () => project.WaitForLogAsync("h1", "All links connected", TimeSpan.FromSeconds(1)));

        Assert.Contains("All links connected", timeout.Message);
        Assert.Contains("node ready", timeout.Message);
    }

    [SkippableFact]
    public async Task Down_leaves_no_container_interface_namespace_or_rule_behind()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        await using var project = ComposeProject.FromYaml(TwoNodes, output);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);
        await project.UpAsync();
        await project.ScaleAsync("h2", 2);
        Assert.Equal(3, (await project.ContainerIdsAsync()).Count);

        await project.DownAsync();

        Assert.Empty(await project.ContainerIdsAsync());
        await leakCheck.AssertNothingLeftAsync();
    }

    // busybox `ip link` prints "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 ..." per interface
    private static List<string> InterfaceNames(string ipLinkOutput) =>
        InterfaceHeader().Matches(ipLinkOutput).Select(match => match.Groups[1].Value).ToList();

    [GeneratedRegex(@"^\d+: ([^:@\s]+)[:@]", RegexOptions.Multiline)]
    private static partial Regex InterfaceHeader();
}
