using Conlink.Config.Model;
using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Visibility;

/// <summary>
/// examples/utils-templating, the original's example 11 with conlink: the utilities come out of the
/// conlink image, a web server serves a templated file once conlink gave it its address, and a client
/// fetches it once its own address and the server's port are there.
/// </summary>
public sealed class VisibilityUtilsExampleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LogTimeout = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task The_client_reads_the_file_the_webserver_templated_over_the_conlink_bridge()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromFile(Repository.PathOf("examples/utils-templating/compose.yaml"), output);

        await project.UpAsync();

        var client = await project.WaitForLogAsync("client", "VAL2 is val2", LogTimeout);
        Assert.Contains("{{UNSET}} stays as it is", client);
        Assert.Contains("wait: TCP listener is reachable at 'webserver:8080'", client);
        var webserver = await project.LogsAsync("webserver");
        Assert.Contains("copy: replaced '{{VAL2}}' in '/tmp/index.html'", webserver);
        Assert.Contains("wait: running: httpd -f -p 8080 -h /tmp", webserver);
        var eth0 = Assert.Single(await project.InterfacesAsync("webserver"), i => i.Name == "eth0");
        Assert.Equal([CidrAddress.Parse("10.0.0.1/24")], eth0.Ipv4Addresses);
    }
}
