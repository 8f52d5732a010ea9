using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Conlink.Actors.Status;
using Conlink.Host.Control;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;

namespace Conlink.Host.Tests;

/// <summary>The control server's bounds and who may change things through it.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlServerTests : IAsyncDisposable
{
    private static readonly StatusTracker.Snapshot Empty = new([], Synced: true, AllReady: false);
    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"conlink-control-{Guid.NewGuid():N}.sock");
    private readonly List<ControlServer> _servers = new();
    private readonly Poke _poke = new();

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        if (File.Exists(_socket)) File.Delete(_socket);
    }

    private IReadOnlyList<IControlRoute> Routes =>
        [.. ControlRoutes.StatusOnly(_ => Task.FromResult(Empty)), _poke, new Slow("/slow", null), new Slow("/slow-allowed", TimeSpan.FromSeconds(5))];

    private ControlServer Unix(ControlServerOptions? options = null)
    {
        var server = ControlServer.ListenUnix(_socket, Routes, options);
        _servers.Add(server);
        return server;
    }

    private ControlServer Tcp(ControlServerOptions? options = null)
    {
        var server = ControlServer.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0), Routes, options);
        _servers.Add(server);
        return server;
    }

    [Fact]
    public async Task A_real_client_is_answered_while_many_idle_clients_hold_connections_and_the_socket_file_stays()
    {
        Unix(new ControlServerOptions { MaxClients = 8, RequestTimeout = TimeSpan.FromSeconds(30) });
        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < 100; i++)
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(_socket));
                idle.Add(s);
            }

            var (status, body) = await SendUnixAsync("GET /status HTTP/1.1\r\nHost: c\r\n\r\n");

            Assert.Equal(200, status);
            Assert.Contains("\"links\"", body, StringComparison.Ordinal);
            Assert.True(File.Exists(_socket));
        }
        finally
        {
            foreach (var s in idle) s.Dispose();
        }
    }

    [Fact]
    public async Task An_idle_client_is_closed_after_the_request_timeout()
    {
        Unix(new ControlServerOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await s.ConnectAsync(new UnixDomainSocketEndPoint(_socket));
        var started = Stopwatch.StartNew();

        var n = await s.ReceiveAsync(new byte[16]).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, n);
        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_socket_is_created_0600()
    {
        Unix();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_socket));
    }

    [Fact]
    public void With_a_control_group_the_socket_is_0660_owned_by_that_group()
    {
        Unix(new ControlServerOptions { ControlGroup = 65534 });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(_socket));
        Assert.Equal("65534", Run("stat", "-c", "%g", _socket).Out.Trim());
    }

    [Fact]
    public void A_path_that_is_a_regular_file_is_refused_and_left_as_it_was()
    {
        File.WriteAllText(_socket, "precious");

        var e = Assert.Throws<InvalidOperationException>(() => Unix());

        Assert.Contains("is not a socket", e.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(_socket));
    }

    [Fact]
    public void A_path_where_another_server_listens_is_refused()
    {
        Unix();

        var e = Assert.Throws<InvalidOperationException>(() => ControlServer.ListenUnix(_socket, Routes));

        Assert.Contains("another conlink is listening", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_socket_left_by_a_crash_is_replaced()
    {
        // A process that bound the socket and died (.NET would delete the file on dispose).
        Run("python3", "-c", $"import socket; socket.socket(socket.AF_UNIX).bind('{_socket}')");
        Assert.True(File.Exists(_socket));

        Unix();
        var (status, _) = await SendUnixAsync("GET /healthz HTTP/1.1\r\n\r\n");

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Root_may_change_things_over_the_unix_socket()
    {
        Unix();

        var (status, _) = await SendUnixAsync("POST /poke HTTP/1.1\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(200, status);
        Assert.Equal(1, _poke.Count);
    }

    [SkippableFact]
    public void A_non_root_caller_cannot_open_the_socket_at_all()
    {
        Skip.IfNot(Environment.UserName == "root", "needs root to run a client as another uid");
        Unix();

        var run = RunAsNobody("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--unix-socket", _socket, "http://conlink/status");

        Assert.Equal("000", run.Out);
        Assert.Equal(0, _poke.Count);
    }

    [SkippableFact]
    public void A_non_root_caller_that_can_open_the_socket_may_read_but_is_refused_a_change_by_its_peer_credentials()
    {
        Skip.IfNot(Environment.UserName == "root", "needs root to run a client as another uid");
        Unix();
        File.SetUnixFileMode(_socket, (UnixFileMode)0b110_110_110);

        var read = RunAsNobody("curl", "-s", "-w", "\n%{http_code}", "--unix-socket", _socket, "http://conlink/status");
        var change = RunAsNobody("curl", "-s", "-w", "\n%{http_code}", "-X", "POST", "--unix-socket", _socket, "http://conlink/poke");

        Assert.EndsWith("\n200", read.Out, StringComparison.Ordinal);
        Assert.EndsWith("\n403", change.Out, StringComparison.Ordinal);
        Assert.Contains("only root may change a running conlink (caller: uid 65534)", change.Out, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", change.Out, StringComparison.Ordinal);
        Assert.Equal(0, _poke.Count);
    }

    [Fact]
    public async Task The_tcp_port_serves_reads_but_refuses_a_change_when_conlink_has_no_token()
    {
        var server = Tcp();

        var (read, _) = await SendTcpAsync(server, "GET /status HTTP/1.1\r\n\r\n");
        var (change, body) = await SendTcpAsync(server, "POST /poke HTTP/1.1\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(200, read);
        Assert.Equal(403, change);
        Assert.Contains("serves reads only", body, StringComparison.Ordinal);
        Assert.Equal(0, _poke.Count);
    }

    [Fact]
    public async Task With_a_token_the_tcp_port_refuses_a_change_without_it_or_with_a_wrong_one_and_takes_the_right_one()
    {
        var server = Tcp(new ControlServerOptions { Token = "s3cret" });

        var (none, noneBody) = await SendTcpAsync(server, "POST /poke HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        var (wrong, _) = await SendTcpAsync(server, "POST /poke HTTP/1.1\r\nAuthorization: Bearer guess\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(0, _poke.Count);
        var (right, _) = await SendTcpAsync(server, "POST /poke HTTP/1.1\r\nAuthorization: Bearer s3cret\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(403, none);
        Assert.Contains("Authorization: Bearer TOKEN", noneBody, StringComparison.Ordinal);
        Assert.Equal(403, wrong);
        Assert.Equal(200, right);
        Assert.Equal(1, _poke.Count);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", 400)]
    [InlineData("POST /poke HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411)]
    [InlineData("POST /poke HTTP/1.1\r\nContent-Length: 999999\r\n\r\n", 413)]
    [InlineData("GET /poke HTTP/1.1\r\n\r\n", 405)]
    [InlineData("GET /nothing/here HTTP/1.1\r\n\r\n", 404)]
    public async Task Bad_requests_get_a_clear_status_and_change_nothing(string request, int expected)
    {
        Unix();

        var (status, body) = await SendUnixAsync(request);

        Assert.Equal(expected, status);
        Assert.NotEmpty(body.Trim());
        Assert.Equal(0, _poke.Count);
    }

    [Fact]
    public async Task Headers_larger_than_the_bound_are_refused_with_431()
    {
        Unix(new ControlServerOptions { MaxHeadBytes = 1024 });

        var (status, _) = await SendUnixAsync($"GET /status HTTP/1.1\r\nX-Big: {new string('a', 4000)}\r\n\r\n");

        Assert.Equal(431, status);
    }

    [Fact]
    public async Task A_route_with_a_longer_time_of_its_own_is_answered_past_the_usual_response_time_and_others_are_not()
    {
        Unix(new ControlServerOptions { ResponseTimeout = TimeSpan.FromMilliseconds(300) });

        var allowed = await SendUnixAsync("POST /slow-allowed HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        var cut = await SendUnixRawAsync("POST /slow HTTP/1.1\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal((200, "done"), (allowed.Status, allowed.Body.Trim()));
        Assert.Equal("", cut);
    }

    [Fact]
    public async Task The_body_of_a_request_reaches_the_route()
    {
        Unix();

        var (status, _) = await SendUnixAsync("POST /poke HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");

        Assert.Equal(200, status);
        Assert.Equal("hello", _poke.LastBody);
    }

    private Task<(int Status, string Body)> SendUnixAsync(string request) =>
        SendAsync(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified), new UnixDomainSocketEndPoint(_socket), request);

    private async Task<string> SendUnixRawAsync(string request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(_socket));
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static Task<(int Status, string Body)> SendTcpAsync(ControlServer server, string request) =>
        SendAsync(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), server.EndPoint, request);

    private static async Task<(int Status, string Body)> SendAsync(Socket socket, EndPoint endPoint, string request)
    {
        using var _ = socket;
        await socket.ConnectAsync(endPoint);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (int.Parse(response.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), response[(split + 4)..]);
    }

    private static (int ExitCode, string Out) RunAsNobody(params string[] argv) =>
        Run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", .. argv]);

    private static (int ExitCode, string Out) Run(params string[] argv)
    {
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    /// <summary>A route that takes a second to answer, with or without a response time of its own.</summary>
    private sealed class Slow(string template, TimeSpan? responseTimeout) : IControlRoute
    {
        public string Method => "POST";
        public string Template => template;
        public bool Mutates => false;
        public TimeSpan? ResponseTimeout => responseTimeout;
        public string Summary => "answers after a second";

        public async Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            return HttpResponse.Text(200, "done");
        }
    }

    /// <summary>A mutating route that counts its calls.</summary>
    private sealed class Poke : IControlRoute
    {
        private int _count;
        public string Method => "POST";
        public string Template => "/poke";
        public bool Mutates => true;
        public string Summary => "test";
        public int Count => _count;
        public string? LastBody { get; private set; }

        public Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
        {
            Interlocked.Increment(ref _count);
            LastBody = Encoding.UTF8.GetString(request.Http.Body.Span);
            return Task.FromResult(HttpResponse.Text(200, "poked"));
        }
    }
}
