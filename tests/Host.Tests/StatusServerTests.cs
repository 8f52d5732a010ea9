using System.Net.Sockets;
using System.Text;
using Conlink.Actors.Status;
using Conlink.Host.Control;
using Conlink.Host.Status;

namespace Conlink.Host.Tests;

public sealed class StatusServerTests : IAsyncLifetime
{
    private static readonly StatusTracker.Snapshot Sample = new(
    [
        new LinkStatus("h1:eth0", "h1", "eth0", LinkState.Ready, null, "10.0.0.1/24", "c2:00:00:00:00:01", "s1",
            DateTimeOffset.Parse("2026-11-28T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
        new LinkStatus("h2:eth1", "h2", "eth1", LinkState.Failed, "this kernel has no 'dummy' link type", null, null, null,
            DateTimeOffset.Parse("2026-11-28T01:00:01Z", System.Globalization.CultureInfo.InvariantCulture)),
    ], Synced: true, AllReady: false);

    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"conlink-status-{Guid.NewGuid():N}.sock");
    private ControlServer? _server;

    public Task InitializeAsync()
    {
        _server = ControlServer.ListenUnix(_socket, ControlRoutes.StatusOnly(_ => Task.FromResult(Sample)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public async Task Status_request_over_the_unix_socket_returns_every_link_with_its_state_and_reason()
    {
        var (head, body) = await GetAsync("/status");

        Assert.StartsWith("HTTP/1.1 200 OK", head, StringComparison.Ordinal);
        var snapshot = StatusJson.Read(Encoding.UTF8.GetBytes(body));
        Assert.Equal(Sample.Links, snapshot.Links);
        Assert.True(snapshot.Synced);
        Assert.False(snapshot.AllReady);
    }

    [Fact]
    public async Task Unknown_path_is_answered_with_404_and_a_hint()
    {
        var (head, body) = await GetAsync("/nope");

        Assert.StartsWith("HTTP/1.1 404", head, StringComparison.Ordinal);
        Assert.Contains("/status", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_the_server_removes_its_socket_file()
    {
        Assert.True(File.Exists(_socket));
        await _server!.DisposeAsync();
        _server = null;
        Assert.False(File.Exists(_socket));
    }

    [Fact]
    public async Task An_engine_that_does_not_answer_in_time_gets_503_with_the_reason_and_the_server_keeps_serving()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"conlink-status-{Guid.NewGuid():N}.sock");
        var asks = 0;
        await using var server = ControlServer.ListenUnix(socket, ControlRoutes.StatusOnly(_ => Interlocked.Increment(ref asks) == 1
            ? Task.FromException<StatusTracker.Snapshot>(new Akka.Actor.AskTimeoutException("Timeout after 00:00:05 seconds"))
            : Task.FromResult(Sample)));

        var (head, body) = await GetAsync("/status", socket);
        var (again, _) = await GetAsync("/status", socket);

        Assert.StartsWith("HTTP/1.1 503 Service Unavailable", head, StringComparison.Ordinal);
        Assert.Equal("conlink's engine did not answer: Timeout after 00:00:05 seconds\n", body);
        Assert.StartsWith("HTTP/1.1 200 OK", again, StringComparison.Ordinal);
    }

    private Task<(string Head, string Body)> GetAsync(string path) => GetAsync(path, _socket);

    private static async Task<(string Head, string Body)> GetAsync(string path, string socketPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: conlink\r\n\r\n"));
        using var reader = new StreamReader(stream);
        var response = await reader.ReadToEndAsync();
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (response[..split], response[(split + 4)..]);
    }
}
