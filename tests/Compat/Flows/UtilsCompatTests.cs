using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.Compat.Tests.Flows;

/// <summary>
/// Files/utils: the original's way of using the utilities. A one-shot service of the conlink image copies
/// <c>/utils/{wait,wait.sh,copy,copy.sh,echo}</c> into <c>../utils</c> as a non-root user; nodes on a
/// conlink switch mount it: the server templates its pages with <c>copy -T</c> and waits for its address,
/// the client waits for the server, and an empty image (no shell, no libc) runs <c>wait</c> then <c>echo</c>.
/// </summary>
public sealed class UtilsCompatTests(ITestOutputHelper output)
{
    // any uid other than root: the utilities must come out readable and runnable by everyone
    private const string UserId = "2718";
    private static readonly string[] Utilities = ["copy", "copy.sh", "echo", "wait", "wait.sh"];
    private static readonly TimeSpan Timeout = ConlinkSidecar.ConnectTimeout;

    [SkippableFact]
    public async Task Utilities_copied_out_as_a_user_template_wait_and_echo_over_conlink_links_also_in_an_empty_image()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        var environment = new Dictionary<string, string>
        {
            ["USER_ID"] = UserId,
            ["GROUP_ID"] = UserId,
            // the empty image is built by compose; this engine has no BuildKit network, the classic builder works
            ["DOCKER_BUILDKIT"] = "0",
        };
        await using var project = ComposeProject.FromCopyOf(OriginalStyle.FilesOf("utils"), "examples/compose.yaml", output, environment);
        var utilsDirectory = Path.GetFullPath(Path.Combine(project.Directory, "../utils"));
        (await Command.RunAsync("chown", [$"{UserId}:{UserId}", utilsDirectory], Timeout)).EnsureSuccess();
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        await OriginalStyle.UpAsync(project);

        foreach (var utility in Utilities)
        {
            var file = Path.Combine(utilsDirectory, utility);
            var owner = (await Command.RunAsync("stat", ["-c", "%u:%g %a", file], Timeout)).EnsureSuccess().Stdout.Trim();
            Assert.Equal($"{UserId}:{UserId} 755", owner);
        }
        await project.WaitForLogAsync("server", "running: httpd", Timeout);
        var fetched = await WaitForFileLineAsync(project, "client", "/tmp/fetched", "VAL2 is val2, {{NOT_SET}} stays");
        Assert.Equal("VAL2 is val2, {{NOT_SET}} stays", fetched);
        var empty = await project.ContainerIdAsync("empty");
        await WaitForExitAsync(empty);
        Assert.Equal("0", await InspectAsync(empty, "{{.State.ExitCode}}"));
        // docker logs keeps the container's stdout apart from wait's messages on stderr: echo's line, byte for byte
        var emptyLog = (await Command.RunAsync("docker", ["logs", empty], Timeout)).EnsureSuccess();
        Assert.Equal("'wait finished'\n", emptyLog.Stdout);
        Assert.Contains("wait: running: /utils/echo 'wait finished'", emptyLog.Stderr);
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    private static async Task<string> WaitForFileLineAsync(ComposeProject project, string service, string path, string line)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var content = await project.ExecAsync(service, "cat", path);
            var lines = content.Succeeded ? content.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
            if (lines.Contains(line)) return line;
            if (waited.Elapsed > Timeout)
                throw new TimeoutException($"{service} never wrote '{line}' to {path}; it has: {content}");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static async Task WaitForExitAsync(string container)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await InspectAsync(container, "{{.State.Status}}") != "exited")
        {
            if (waited.Elapsed > Timeout) throw new TimeoutException($"container {container} is still running after {Timeout.TotalSeconds} s");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static async Task<string> InspectAsync(string container, string format) =>
        (await Command.RunAsync("docker", ["inspect", "--format", format, container], Timeout)).EnsureSuccess().Stdout.Trim();
}
