using Conlink.Actors.Status;
using Conlink.Cli.Shell;
using Conlink.Cli.Status;
using Conlink.Cli.Tests.Support;
using Conlink.Host.Control;
using Conlink.Host.Status;

namespace Conlink.Cli.Tests;

/// <summary><c>conlink status</c> against a status server that serves given snapshots.</summary>
public sealed class StatusCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"conlink-status-cli-{Guid.NewGuid():N}.sock");
    private ControlServer? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    private static LinkStatus Link(string owner, LinkState state, string? reason = null, int secondsAgo = 0) =>
        new($"{owner}:eth0", owner, "eth0", state, reason, "10.0.0.1/24", "c2:00:00:00:00:01", "s1", Now.AddSeconds(-secondsAgo));

    private static StatusTracker.Snapshot Snapshot(bool synced, params LinkStatus[] links) =>
        new(links, synced, AllReady: synced && links.Length > 0 && links.All(l => l.State == LinkState.Ready));

    private void Serve(Func<StatusTracker.Snapshot> snapshot) => _server = ControlServer.ListenUnix(_socket, ControlRoutes.StatusOnly(_ => Task.FromResult(snapshot())));

    [Fact]
    public void Links_still_coming_up_show_how_long_they_have_waited_and_the_summary_counts_each_state()
    {
        var snapshot = Snapshot(true, Link("a", LinkState.Ready), Link("b", LinkState.Creating, secondsAgo: 4), Link("c", LinkState.Planned, secondsAgo: 125));

        var lines = StatusTable.Render(snapshot, Now, Terminal.Plain).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("CONTAINER  LINK  STATE        IP           MAC                BRIDGE/TUNNEL", lines[0]);
        Assert.Equal("b          eth0  creating 4s  10.0.0.1/24  c2:00:00:00:00:01  s1", lines[2]);
        Assert.Equal("c          eth0  planned 2m   10.0.0.1/24  c2:00:00:00:00:01  s1", lines[3]);
        Assert.Equal("1/3 ready, 1 creating, 1 planned", lines[^1]);
    }

    [Fact]
    public void The_reason_column_appears_only_when_a_link_has_a_reason()
    {
        var snapshot = Snapshot(true, Link("a", LinkState.Failed, "kernel has no 'dummy' link type"), Link("b", LinkState.Ready));

        var lines = StatusTable.Render(snapshot, Now, Terminal.Plain).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.EndsWith("REASON", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("s1             kernel has no 'dummy' link type", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("s1", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_links_the_summary_says_whether_conlink_has_listed_the_containers_yet()
    {
        Assert.Equal("no links yet: conlink is still listing running containers", StatusTable.Summary(Snapshot(false)));
        Assert.Equal("no links: no running container matches the configuration", StatusTable.Summary(Snapshot(true)));
        Assert.Equal("0/1 ready, 1 planned (conlink is still listing running containers)", StatusTable.Summary(Snapshot(false, Link("a", LinkState.Planned))));
    }

    [Fact]
    public void Exit_code_is_zero_when_every_link_is_ready()
    {
        Serve(() => Snapshot(true, Link("a", LinkState.Ready)));
        Assert.Equal(0, CliRun.Of(["status", "--socket", _socket]).ExitCode);
    }

    [Theory]
    [InlineData(LinkState.Failed, 1)]
    [InlineData(LinkState.Creating, 3)]
    [InlineData(LinkState.Planned, 3)]
    public void Exit_code_follows_the_worst_link(LinkState state, int exitCode)
    {
        Serve(() => Snapshot(true, Link("a", LinkState.Ready), Link("b", state)));

        Assert.Equal(exitCode, CliRun.Of(["status", "--socket", _socket]).ExitCode);
    }

    [Fact]
    public async Task Status_over_a_loopback_port_reads_the_same_table()
    {
        await using var server = ControlServer.ListenTcp(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), ControlRoutes.StatusOnly(_ => Task.FromResult(Snapshot(true, Link("a", LinkState.Ready)))));
        var port = ((System.Net.IPEndPoint)server.EndPoint).Port;

        var run = CliRun.Of(["status", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("a          eth0  ready", run.Out.Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public void No_links_at_all_is_not_ready()
    {
        Serve(() => Snapshot(true));

        var run = CliRun.Of(["status", "--socket", _socket]);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("no links: no running container matches the configuration\n", run.Out);
    }

    [Fact]
    public void A_missing_socket_is_named_with_how_to_reach_a_sidecar()
    {
        var run = CliRun.Of(["status", "--netns", "no-such-conlink-" + Guid.NewGuid().ToString("N")[..6]]);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Matches(@"cannot reach conlink at unix socket /run/conlink/no-such-conlink-\w+\.sock: there is no such socket", run.Error);
        Assert.Contains("--socket PATH, --port PORT or --netns NAME", run.Error);
    }

    [Fact]
    public void Something_other_than_conlink_on_the_port_is_reported_as_unreachable()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, leaveOpen: true);
            while (await reader.ReadLineAsync() is { Length: > 0 }) { }
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"u8.ToArray());
        });

        var run = CliRun.Of(["status", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"cannot reach conlink at http://127.0.0.1:{port}/status: the answer is not a conlink status", run.Error);
    }

    [Fact]
    public async Task Watch_prints_a_new_table_only_when_a_link_changes_and_exits_with_the_last_state()
    {
        var served = 0;
        using var stop = new CancellationTokenSource();
        Serve(() =>
        {
            var n = Interlocked.Increment(ref served);
            if (n >= 6) stop.Cancel();
            return n <= 3
                ? Snapshot(true, Link("a", LinkState.Creating, secondsAgo: n))
                : Snapshot(true, Link("a", LinkState.Failed, "gone"));
        });
        var output = new StringWriter();
        var host = new CliHost(output, new StringWriter(), _ => null, _ => false);

        var exitCode = await Program.RunAsync(["status", "--socket", _socket, "--watch", "--interval", "0.1"], host, stop.Token);

        Assert.Equal(1, exitCode);
        var tables = output.ToString().Split("--- ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, tables.Length);
        Assert.Contains("0/1 ready, 1 creating", tables[0]);
        Assert.Contains("0/1 ready, 1 failed", tables[1]);
    }
}
