using System.Net.Sockets;
using Conlink.Cli.Tests.Support;

namespace Conlink.Cli.Tests;

/// <summary>Run mode refuses an explicit ovs bridge when the openvswitch module is not loaded.</summary>
public sealed class OvsStartupTests : IDisposable
{
    private const string DockerSocket = "/var/run/docker.sock";
    private readonly string _networkFile = Path.Combine(Path.GetTempPath(), $"conlink-ovs-{Guid.NewGuid():N}.yaml");
    private readonly string _netns = "clovs-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose()
    {
        File.Delete(_networkFile);
        if (File.Exists("/run/netns/" + _netns)) Conlink.Netlink.Namespaces.NetNs.DeleteNamed(_netns);
    }

    [SkippableFact]
    public void An_explicit_ovs_bridge_without_the_openvswitch_module_exits_1_saying_what_to_load_and_leaves_no_namespace()
    {
        Skip.IfNot(Environment.IsPrivilegedProcess, "run mode needs root");
        Skip.IfNot(DockerAnswers(), $"no Docker engine at {DockerSocket}: run mode connects to it before its startup checks");
        File.WriteAllText(_networkFile, """
            bridges: [{bridge: s1, mode: ovs}]
            links: [{service: node, bridge: s1}]
            """);

        var run = CliRun.Of(["--network-file", _networkFile, "--netns", _netns, "--docker-socket", DockerSocket, "--podman-socket", "/nonexistent/p.sock"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("conlink: ERROR: bridge s1 uses mode 'ovs', but the openvswitch kernel module is not loaded "
            + "(run 'modprobe openvswitch' on the host, or use mode linux or auto)", run.ErrorLines[^1]);
        Assert.False(File.Exists("/run/netns/" + _netns), "run mode left the namespace it created");
    }

    private static bool DockerAnswers()
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(DockerSocket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
