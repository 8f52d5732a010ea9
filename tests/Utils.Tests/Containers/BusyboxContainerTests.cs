using Conlink.Utils.Tests.Support;

namespace Conlink.Utils.Tests.Containers;

/// <summary>
/// End to end: the published utilities (static executables and sh versions) mounted at /utils inside containers
/// that have no .NET, and no libc or shell at all for the scratch image, as the original's test-utils does.
/// </summary>
[Trait("Category", "E2E")]
public sealed class BusyboxContainerTests : IDisposable
{
    private const string ScratchImage = "local/conlink-utils-test-scratch";

    private readonly TemporaryDirectory _temp = new();
    private readonly List<string> _containers = [];
    private readonly string _testTree;

    public BusyboxContainerTests()
    {
        _testTree = _temp.Join("test");
        _temp.Write("test/dir1/file1", "val1\n");
        _temp.Write("test/dir1/dir2/file2", "{{VAL2}}");
    }

    [SkippableFact]
    public void Static_wait_in_busybox_waits_for_a_file_an_interface_a_tcp_listener_and_a_command()
    {
        var result = RunBusybox(
            [],
            "sh", "-c",
            "(sleep 1; touch /tmp/ready) & (sleep 1; nc -l -p 8080 -e true) & " +
            "exec /utils/wait -s 0.2 -c 'test -e /tmp/ready' -f /tmp/ready -i lo -t localhost:8080 -- echo 'wait finished'");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("wait finished\n", result.Stdout);
        Assert.Contains("TCP listener is reachable at 'localhost:8080'", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Static_wait_sees_an_interface_appear_and_then_get_its_address()
    {
        var result = RunBusybox(
            ["--cap-add", "NET_ADMIN"],
            "sh", "-c",
            "(sleep 1; ip link add v0 type veth peer name v1; sleep 1; ip addr add 192.168.77.1/24 dev v0; " +
            "ip link set v1 up; ip link set v0 up) & exec /utils/wait -s 0.2 -i v0 -I v0 -- ip -4 -o addr show dev v0");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("192.168.77.1/24", result.Stdout, StringComparison.Ordinal);
        var stderr = result.Stderr;
        Assert.True(
            stderr.IndexOf("interface 'v0' exists", StringComparison.Ordinal) < stderr.IndexOf("interface 'v0' has IP/routing", StringComparison.Ordinal),
            stderr);
    }

    [SkippableFact]
    public void Static_copy_fills_in_templates_and_hands_over_to_the_command()
    {
        var result = RunBusybox(["-e", "VAL2=val2"], "/utils/copy", "-T", "/test", "/tmp", "--", "cat", "/tmp/dir1/dir2/file2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("val2", result.Stdout);
    }

    [SkippableFact]
    public void Shell_versions_run_on_busybox_alone()
    {
        var result = RunBusybox(
            ["-e", "VAL2=val2"],
            "sh", "-c",
            "(sleep 1; nc -l -p 8080 -e true) & " +
            "exec /utils/copy.sh -T /test /tmp -- /utils/wait.sh -s 0.2 -i lo -t 127.0.0.1:8080 -f /tmp/dir1/dir2/file2 -- cat /tmp/dir1/dir2/file2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("val2", result.Stdout);
    }

    [SkippableFact]
    public void Static_wait_and_copy_run_in_an_image_without_shell_or_libc()
    {
        Require();
        EnsureScratchImage();
        var listener = Track(Docker.NewContainerName());
        Assert.Equal(0, Docker.Run("run", "-d", "--name", listener, "--network", "none", Docker.Busybox, "nc", "-l", "-p", "8080", "-e", "true").ExitCode);

        var result = Docker.Run(
            "run", "--rm", "--name", Track(Docker.NewContainerName()), "--network", $"container:{listener}",
            "-v", $"{PublishedUtils.Directory}:/utils:ro", ScratchImage,
            "/utils/wait", "-s", "0.2", "-f", "/utils/wait", "-i", "lo", "-t", "localhost:8080", "--", "/utils/copy", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("Usage: copy", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>As the original's test-utils runs it: wait, then echo, with no shell to split or quote the words.</summary>
    [SkippableFact]
    public void Static_echo_prints_its_arguments_after_wait_in_an_image_without_shell_or_libc()
    {
        Require();
        EnsureScratchImage();

        var result = Docker.Run(
            "run", "--rm", "--name", Track(Docker.NewContainerName()), "--network", "none",
            "-v", $"{PublishedUtils.Directory}:/utils:ro", ScratchImage,
            "/utils/wait", "-f", "/utils/echo", "-i", "lo", "--", "/utils/echo", "'wait finished'");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("'wait finished'\n", result.Stdout);
    }

    /// <summary>The original's example 11 without conlink: the link is a veth the server container makes itself.</summary>
    [SkippableFact]
    public void A_templated_file_served_by_one_container_is_read_by_another_after_waiting_for_address_and_port()
    {
        Require();
        var webserver = Track(Docker.NewContainerName());
        var started = Docker.Run(
            "run", "-d", "--name", webserver, "--network", "none", "--cap-add", "NET_ADMIN",
            "--add-host", "webserver:192.168.77.10", "-e", "VAL2=val2",
            "-v", $"{PublishedUtils.Directory}:/utils:ro", "-v", $"{_testTree}:/test:ro", Docker.Busybox,
            "sh", "-c",
            "(sleep 1; ip link add eth0 type veth peer name eth0p; ip addr add 192.168.77.10/24 dev eth0; " +
            "ip link set eth0p up; ip link set eth0 up) & " +
            "exec /utils/copy -T /test /tmp -- /utils/wait -I eth0 -- httpd -f -p 8080 -h /tmp");
        Assert.True(started.ExitCode == 0, started.ToString());

        var client = Docker.Run(
            "run", "--rm", "--name", Track(Docker.NewContainerName()), "--network", $"container:{webserver}",
            "-v", $"{PublishedUtils.Directory}:/utils:ro", Docker.Busybox,
            "/utils/wait", "-s", "0.2", "-I", "eth0", "-t", "webserver:8080", "--",
            "wget", "-q", "-O", "-", "http://webserver:8080/dir1/dir2/file2");

        Assert.True(client.ExitCode == 0, client + "\n--- webserver logs\n" + Docker.Run("logs", webserver));
        Assert.Equal("val2", client.Stdout);
    }

    private ToolResult RunBusybox(string[] options, params string[] command)
    {
        Require();
        return Docker.Run(
        [
            "run", "--rm", "--name", Track(Docker.NewContainerName()), "--network", "none",
            .. options,
            "-v", $"{PublishedUtils.Directory}:/utils:ro", "-v", $"{_testTree}:/test:ro",
            Docker.Busybox, .. command,
        ]);
    }

    private static void Require()
    {
        Docker.Require();
        _ = PublishedUtils.Directory;
    }

    /// <summary>An image with nothing in it but the directories a container needs: no shell, no libc.</summary>
    private void EnsureScratchImage()
    {
        if (Docker.Run("image", "inspect", ScratchImage).ExitCode == 0)
            return;
        Directory.CreateDirectory(_temp.Join("scratch", "tmp"));
        var result = ToolRun.Run(new System.Diagnostics.ProcessStartInfo("sh")
        {
            ArgumentList = { "-c", $"tar -C '{_temp.Join("scratch")}' -cf - . | docker import - {ScratchImage}" },
        });
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private string Track(string containerName)
    {
        _containers.Add(containerName);
        return containerName;
    }

    public void Dispose()
    {
        Docker.RemoveContainers(_containers);
        _temp.Dispose();
    }
}
