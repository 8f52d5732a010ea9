using Conlink.Actors.Control;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using Conlink.Cli.Tests.Support;
using Conlink.Host.Control;
using Conlink.Host.Events;

namespace Conlink.Cli.Tests;

/// <summary>
/// <c>conlink link down</c> and <c>conlink events</c> against the real control server over its Unix
/// socket (the engine behind it faked): the target reaches the engine as typed, and the events come back as JSON lines.
/// </summary>
public sealed class ControlCommandsTests : IAsyncLifetime
{
    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"conlink-rev-host-control-{Guid.NewGuid():N}.sock");
    private readonly List<(string Target, LinkChange Change)> _changes = [];
    private readonly EventLog _events = new();
    private ControlServer? _server;

    public Task InitializeAsync()
    {
        _server = ControlServer.ListenUnix(_socket, ControlRoutes.For(new ControlContext
        {
            Status = _ => Task.FromResult(new StatusTracker.Snapshot([], true, false)),
            ChangeLink = (target, change, _) =>
            {
                lock (_changes) _changes.Add((target, change));
                return Task.FromResult(ControlResult.Done($"{target}: down"));
            },
            Events = _events,
        }));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public void Link_down_sends_the_target_as_typed_and_prints_the_answer()
    {
        var run = CliRun.Of(["link", "down", "node_1:eth0", "--socket", _socket]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("node_1:eth0: down\n", run.Out);
        var (target, change) = Assert.Single(_changes);
        Assert.Equal("node_1:eth0", target);
        Assert.IsType<LinkChange.Down>(change);
    }

    [Fact]
    public void Events_without_following_prints_each_held_event_as_one_json_line()
    {
        _events.Write(new TraceRecord(DateTimeOffset.UtcNow, TraceKind.Event, "/user/conlink", "link-state", "h1", "h1:eth0", 0, "down (set by user)"));
        _events.Write(new TraceRecord(DateTimeOffset.UtcNow, TraceKind.Event, "/user/conlink", "link-state", "h1", "h1:eth0", 0, "ready"));

        var run = CliRun.Of(["events", "--since", "all", "--no-follow", "--socket", _socket]);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("down (set by user)", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"ready\"", lines[1], StringComparison.Ordinal);
    }
}
