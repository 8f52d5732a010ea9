using System.Security.Cryptography;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Examples;

/// <summary>
/// conlink run directly on the host instead of as the sidecar: its bridges live in a named
/// namespace (<c>--netns</c>), and SIGTERM removes everything it made.
/// </summary>
public sealed class HostModeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Conlink_on_the_host_wires_the_router_example_and_sigterm_leaves_nothing_behind()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node);
        Skip.If(ConlinkProcess.Executable is null, ConlinkProcess.MissingExecutable);
        await using var project = ComposeProject.FromFile(RouterExampleTests.ComposeFile, output);
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);
        var netns = $"e2e-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        await project.UpAsync(RouterExampleTests.Nodes);

        int exitCode;
        await using (var conlink = ConlinkProcess.Start(
            ["--netns", netns, "--compose-file", RouterExampleTests.ComposeFile, "--compose-project", project.Name], output))
        {
            await conlink.WaitForLogAsync(ConlinkSidecar.AllConnected, ConlinkSidecar.ConnectTimeout);

            await RouterExampleTests.AssertWiredAsync(project);
            var bridges = (await NamedNamespaceInterfacesAsync(netns)).Where(i => i.Kind == "bridge").Select(i => i.Name);
            Assert.Equal(["s1", "s2", "s3"], bridges.Order());

            exitCode = await conlink.StopAsync();
        }

        Assert.Equal(0, exitCode);
        Assert.False(File.Exists($"/run/netns/{netns}"), $"network namespace {netns} is still there");
        Assert.False(File.Exists($"/run/conlink/{netns}.sock"), "the status socket is still there");
        foreach (var node in RouterExampleTests.Nodes)
            Assert.Equal(["lo"], (await project.InterfacesAsync(node)).Select(i => i.Name));
        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    private static async Task<IReadOnlyList<ContainerInterface>> NamedNamespaceInterfacesAsync(string netns) =>
        ContainerInterface.ParseIpJson(
            (await Command.RunAsync("ip", ["-n", netns, "-j", "-d", "addr", "show"], CommandTimeout)).EnsureSuccess().Stdout);
}
