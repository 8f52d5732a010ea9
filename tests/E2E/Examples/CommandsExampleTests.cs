using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Examples;

/// <summary>
/// examples/commands: commands conlink runs in containers once their links are up: a shell
/// string (a web server), an argv list (a marker file), and one for a container named by
/// <c>container:</c>.
/// </summary>
public sealed class CommandsExampleTests(ITestOutputHelper output)
{
    private static readonly string ComposeFile = Repository.PathOf("examples/commands/compose.yaml");
    private static readonly TimeSpan Timeout = ConlinkSidecar.ConnectTimeout;
    private const string ServerCommandDone = "-server-1: command sh -c mkdir -p /www && echo hello from server > /www/index.html && httpd -p 80 -h /www exited with 0";

    [SkippableFact]
    public async Task Commands_run_once_the_links_are_up_and_the_servers_again_after_a_restart()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(ComposeFile, output);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await project.UpUntilConnectedAsync();

        var log = await project.WaitForLogAsync(ConlinkSidecar.Service, "-client-1: command touch /tmp/links-up exited with 0", Timeout);
        Assert.Contains("conlink-commands-probe: command sh -c ip -4 -o addr show dev eth0 > /tmp/probe-addr exited with 0", log);
        (await project.ExecAsync("client", "test", "-f", "/tmp/links-up")).EnsureSuccess();
        // the probe's command saw its link: it ran after the link was up
        Assert.Contains("inet 10.0.0.3/24", (await project.ExecAsync("probe", "cat", "/tmp/probe-addr")).EnsureSuccess().Stdout);
        await project.WaitForLogAsync(ConlinkSidecar.Service, ServerCommandDone, Timeout);
        Assert.Equal("hello from server", await FetchFromClientAsync(project));

        await project.DockerRestartAsync("server");

        await project.WaitForLogAsync(ConlinkSidecar.Service, ServerCommandDone, Timeout, occurrences: 2);
        Assert.Equal("hello from server", await FetchFromClientAsync(project));
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    // (busybox-static wget crashes with -T, so no timeout option)
    private static async Task<string> FetchFromClientAsync(ComposeProject project) =>
        (await project.ExecAsync("client", "wget", "-q", "-O", "-", "http://10.0.0.1/")).EnsureSuccess().Stdout.Trim();
}
