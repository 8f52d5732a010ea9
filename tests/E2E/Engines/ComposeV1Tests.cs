using System.Security.Cryptography;
using Conlink.E2E.Examples;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Engines;

/// <summary>
/// Compose v1 (<c>docker-compose</c>, the Python one, with its <c>PROJECT_SERVICE_N</c> names) runs the
/// examples as compose v2 does: conlink reads the same labels from the containers it makes.
/// </summary>
public sealed class ComposeV1Tests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    [SkippableFact]
    public async Task The_router_example_brought_up_by_compose_v1_is_wired_and_a_v1_restart_keeps_mac_and_ip()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        Skip.If(ConlinkProcess.Executable is null, ConlinkProcess.MissingExecutable);
        Skip.IfNot(File.Exists("/usr/bin/docker-compose"), "no compose v1 at /usr/bin/docker-compose: scripts/setup-docker.sh installs Debian's docker-compose");
        var name = ComposeProject.UniqueName(nameof(ComposeV1Tests));
        var leakCheck = await HostLeakCheck.StartAsync(name);
        var netns = $"e2e-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        try
        {
            Assert.StartsWith("1.", (await V1Async(name, "version", "--short")).Stdout, StringComparison.Ordinal);
            await V1Async(name, true, ["up", "-d", .. RouterExampleTests.Nodes]);
            Assert.Equal($"{name}_h3_1", (await DockerAsync("ps", "--format", "{{.Names}}", "--filter", $"label=com.docker.compose.project={name}",
                "--filter", "label=com.docker.compose.service=h3")).Stdout.Trim());

            int exitCode;
            await using (var conlink = ConlinkProcess.Start(
                ["--netns", netns, "--compose-file", RouterExampleTests.ComposeFile, "--compose-project", name], output))
            {
                await conlink.WaitForLogAsync(ConlinkSidecar.AllConnected, Patience);
                await AssertPingsAsync(name, "h1", "10.0.0.100");
                var mac = (await V1Async(name, "exec", "-T", "h3", "cat", "/sys/class/net/eth0/address")).Stdout.Trim();

                await V1Async(name, "restart", "-t", "2", "h3");
                await WaitUntilAsync(async () => (await V1Async(name, false, "exec", "-T", "h1", "ping", "-c", "1", "-W", "1", "10.0.0.100")).Succeeded,
                    "h1 reaching h3 again after its restart");
                Assert.Equal(mac, (await V1Async(name, "exec", "-T", "h3", "cat", "/sys/class/net/eth0/address")).Stdout.Trim());
                Assert.Contains("inet 10.0.0.100/8", (await V1Async(name, "exec", "-T", "h3", "ip", "addr", "show", "eth0")).Stdout, StringComparison.Ordinal);

                exitCode = await conlink.StopAsync();
            }
            Assert.Equal(0, exitCode);
        }
        finally
        {
            await V1Async(name, false, "down", "-v", "--remove-orphans", "-t", "2");
        }
        await leakCheck.AssertNothingLeftAsync();
    }

    private async Task AssertPingsAsync(string name, string service, string address)
    {
        var ping = await V1Async(name, false, "exec", "-T", service, "ping", "-c", "1", "-W", "2", address);
        Assert.True(ping.Succeeded, $"{service} cannot reach {address}: {ping}");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > Patience) throw new TimeoutException($"not {what} within {Patience.TotalSeconds} s");
            await Task.Delay(250);
        }
    }

    private Task<CommandResult> V1Async(string name, params string[] arguments) => V1Async(name, true, arguments);

    private async Task<CommandResult> V1Async(string name, bool mustSucceed, params string[] arguments)
    {
        string[] all = arguments is ["version", ..] ? arguments : ["--no-ansi", "-p", name, "-f", RouterExampleTests.ComposeFile, .. arguments];
        var result = await Command.RunAsync("docker-compose", all, CommandTimeout, TestImages.AsEnvironment);
        output.WriteLine(result.Succeeded ? $"$ {result.CommandLine}\n{result.Stdout}".TrimEnd() : result.ToString());
        return mustSucceed ? result.EnsureSuccess() : result;
    }

    private static async Task<CommandResult> DockerAsync(params string[] arguments) =>
        (await Command.RunAsync("docker", arguments, CommandTimeout)).EnsureSuccess();
}
