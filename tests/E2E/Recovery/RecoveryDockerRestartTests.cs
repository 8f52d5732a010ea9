using System.Diagnostics;
using Conlink.E2E.Harness;
using Conlink.Testing;
using Xunit.Abstractions;

namespace Conlink.E2E.Recovery;

/// <summary>
/// The Docker daemon restarts under a running conlink. Conlink runs on the host (so it outlives
/// the daemon), the nodes have <c>restart: always</c> (so the daemon brings them back, with new
/// pids and empty namespaces): conlink must reconnect, resync and rebuild their links as before.
/// The restart uses scripts/setup-docker.sh, holding /run/conlink-e2e-dockerd.lock, and the daemon
/// is started again whatever happens.
/// </summary>
public sealed class RecoveryDockerRestartTests(ITestOutputHelper output)
{
    private const string DaemonLock = "/run/conlink-e2e-dockerd.lock";
    private const string DaemonPidFile = "/run/conlink-dockerd.pid";

    private const string Compose = """
        services:
          h1:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            restart: always
            command: sleep 864000
            x-network:
              links:
                - {bridge: s1, ip: 10.77.0.1/24}
          h2:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            restart: always
            command: sleep 864000
            x-network:
              links:
                - {bridge: s1, ip: 10.77.0.2/24}
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    [SkippableFact]
    public async Task Daemon_restart_under_a_host_conlink_rebuilds_the_links_of_the_containers_it_restarted()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        Skip.IfNot(DaemonStartedBySetupScript(), $"dockerd was not started by scripts/setup-docker.sh ({DaemonPidFile}); this test restarts it with that script");
        await using var project = ComposeProject.FromYaml(Compose, output);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);
        await project.UpAsync();
        var netns = "e2e-" + project.Name[^6..];
        using var conlink = StartHostConlink(project, netns);
        try
        {
            await conlink.WaitForLogAsync(l => l.EndsWith("All links connected", StringComparison.Ordinal), Timeout);
            var before = (await project.InterfacesAsync("h1")).Single(i => i.Name == "eth0");
            var pids = (await project.ContainerPidAsync("h1"), await project.ContainerPidAsync("h2"));
            (await project.ExecAsync("h1", "ping", "-c", "1", "-W", "2", "10.77.0.2")).EnsureSuccess();

            await RestartDaemonAsync();

            await UntilAsync(async () => await project.ContainerPidAsync("h1") is var pid and not 0 && pid != pids.Item1
                && await project.ContainerPidAsync("h2") is var pid2 and not 0 && pid2 != pids.Item2, "h1 and h2 running again with new pids");
            await UntilAsync(async () => (await project.InterfacesAsync("h1")).Any(i => i.Name == "eth0")
                && (await project.InterfacesAsync("h2")).Any(i => i.Name == "eth0"), "eth0 rebuilt in both restarted containers");
            var after = (await project.InterfacesAsync("h1")).Single(i => i.Name == "eth0");
            Assert.Equal(before.Mac, after.Mac);
            Assert.Equal(before.Ipv4Addresses, after.Ipv4Addresses);
            await UntilAsync(async () => (await project.ExecAsync("h1", "ping", "-c", "1", "-W", "2", "10.77.0.2")).Succeeded,
                "h1 reaching h2 again");
            Assert.True(conlink.Log.Count(l => l.EndsWith("All links connected", StringComparison.Ordinal)) >= 2,
                "conlink did not announce all links connected again after the restart");

            Assert.Equal(0, await conlink.StopAsync(Timeout));
        }
        finally
        {
            // A failed test still lets conlink remove what it made (its namespace included).
            if (!conlink.HasExited) await conlink.StopAsync(Timeout);
            foreach (var line in conlink.Log) output.WriteLine("conlink: " + line);
        }
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    /// <summary>conlink as a host process (it survives the daemon), bridges in a named namespace of its own.</summary>
    private static LoggedProcess StartHostConlink(ComposeProject project, string netns)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "conlink.dll");
        return LoggedProcess.Start("dotnet",
        [
            program, "--netns", netns, "--compose-file", Path.Combine(project.Directory, "compose.yaml"),
            "--compose-project", project.Name, "--status-socket", Path.Combine(project.Directory, "status.sock"),
        ]);
    }

    private async Task RestartDaemonAsync()
    {
        var setup = Repository.PathOf("scripts/setup-docker.sh");
        var outage = Stopwatch.StartNew();
        try
        {
            // Stop, then start whatever stop did; one restarter at a time. -o: the new dockerd must not inherit the lock.
            var restart = await Command.RunAsync("flock", ["-o", DaemonLock, "sh", "-c", "\"$0\" stop; \"$0\"", setup], Timeout);
            output.WriteLine(restart.ToString());
            restart.EnsureSuccess();
        }
        finally
        {
            if (!(await Command.RunAsync("docker", ["info"], Timeout)).Succeeded)
                output.WriteLine((await Command.RunAsync("flock", ["-o", DaemonLock, setup], Timeout)).ToString());
            output.WriteLine($"the daemon was restarted in {outage.Elapsed.TotalSeconds:F1} s");
        }
    }

    private static bool DaemonStartedBySetupScript() =>
        File.Exists(DaemonPidFile) && int.TryParse(File.ReadAllText(DaemonPidFile).Trim(), out var pid)
        && File.Exists($"/proc/{pid}/comm") && File.ReadAllText($"/proc/{pid}/comm").Trim() == "dockerd";

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > Timeout) throw new TimeoutException($"not within {Timeout.TotalSeconds:0} s: {what}");
            await Task.Delay(PollInterval);
        }
    }
}
