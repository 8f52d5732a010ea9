using System.Net;
using Conlink.Cli.Tests.Support;
using Conlink.Host.Capture;
using Conlink.Host.Control;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;

namespace Conlink.Cli.Tests;

/// <summary>
/// <c>conlink capture --port</c> against the real control server on a loopback TCP port with a control
/// token: the capture is served to a client that sends the token from <c>--token-file</c>, and refused,
/// with a message that says what to send and exit code 4, to one that sends none or a wrong one.
/// The capture behind the server is a stand-in route (a real one needs the kernel: Kernel.Tests' TrafficTests).
/// </summary>
public sealed class CaptureOverTcpTests : IAsyncLifetime
{
    private const string Token = "0123456789abcdef0123456789abcdef";
    private readonly string _directory = Directory.CreateTempSubdirectory("conlink-cli-capture-").FullName;
    private readonly StandInCapture _capture = new();
    private ControlServer? _server;

    private string Port => ((IPEndPoint)_server!.EndPoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string TokenFile => Path.Combine(_directory, "token");

    private string CaptureFile => Path.Combine(_directory, "out.pcapng");

    public Task InitializeAsync()
    {
        File.WriteAllText(TokenFile, Token + "\n");
        _server = ControlServer.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0), [_capture], new ControlServerOptions { Token = Token });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Capture_with_the_token_file_is_served_and_written_as_pcapng()
    {
        var run = CliRun.Of(["capture", "h1:eth0", "-c", "3", "--port", Port, "--token-file", TokenFile, "-w", CaptureFile]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("target=h1:eth0&count=3", Assert.Single(_capture.Queries));
        var file = File.ReadAllBytes(CaptureFile);
        Assert.Equal(new byte[] { 0x0A, 0x0D, 0x0D, 0x0A }, file[..4]); // a pcapng section header block
        Assert.Contains("0 packets captured", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Capture_without_a_token_is_refused_with_what_to_send_and_exit_code_4()
    {
        var run = CliRun.Of(["capture", "h1:eth0", "--status-port", Port, "-w", CaptureFile]);

        Assert.Equal(4, run.ExitCode);
        Assert.StartsWith("conlink capture: refused: to capture traffic on a running conlink over TCP, send 'Authorization: Bearer TOKEN'", run.Error);
        Assert.Contains("give --token-file FILE", run.Error, StringComparison.Ordinal);
        Assert.Empty(_capture.Queries);
        Assert.False(File.Exists(CaptureFile), "a refused capture must not leave a file");
    }

    [Fact]
    public void Capture_with_a_wrong_token_is_refused_with_exit_code_4()
    {
        var wrong = Path.Combine(_directory, "wrong");
        File.WriteAllText(wrong, "guess\n");

        var run = CliRun.Of(["capture", "h1:eth0", "--port", Port, "--token-file", wrong, "-w", CaptureFile]);

        Assert.Equal(4, run.ExitCode);
        Assert.Equal("conlink capture: refused: the bearer token is wrong\n", run.Error);
        Assert.Empty(_capture.Queries);
    }

    [Fact]
    public void A_token_file_that_is_a_symlink_is_not_followed_and_nothing_is_sent()
    {
        var link = Path.Combine(_directory, "link");
        File.CreateSymbolicLink(link, TokenFile);

        var run = CliRun.Of(["capture", "h1:eth0", "--port", Port, "--token-file", link, "-w", CaptureFile]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(link, run.Error, StringComparison.Ordinal);
        Assert.Contains("symbolic link", run.Error, StringComparison.Ordinal);
        Assert.Empty(_capture.Queries);
    }

    /// <summary>Answers <c>GET /capture</c> as conlink does, with an empty capture: the pcapng header and one interface, and the query it got.</summary>
    private sealed class StandInCapture : IControlRoute
    {
        public List<string> Queries { get; } = [];

        public string Method => "GET";
        public string Template => "/capture";
        public bool Mutates => false;
        public bool RevealsTraffic => true;
        public string Summary => "a stand-in capture";

        public Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
        {
            var http = request.Http;
            lock (Queries) Queries.Add(string.Join('&', http.Query.Select(q => $"{q.Key}={q.Value}")));
            return Task.FromResult(HttpResponse.Streamed("application/x-pcapng", async (stream, stopping) =>
            {
                var writer = new PcapngWriter(stream);
                await writer.WriteHeaderAsync("test", stopping);
                await writer.WriteInterfaceAsync(http.QueryValue("target")!, 262144, stopping);
            }));
        }
    }
}
