using Docker.DotNet;

namespace Conlink.Docker.Tests;

/// <summary>
/// What an inspect answer means to the engine: only the engine saying "no such container" (or a
/// container that is not running) is "nothing to wire"; any other failure is an error the watcher
/// retries and reports.
/// </summary>
public sealed class DockerRuntimeInspectTests : IAsyncLifetime
{
    private const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly string Path = $"/containers/{Id}/json";
    private readonly ScriptedEngine _engine = new();
    private DockerRuntime _runtime = null!;

    public Task InitializeAsync()
    {
        _runtime = new DockerRuntime("docker", _engine.SocketPath);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _runtime.Dispose();
        await _engine.DisposeAsync();
    }

    private static string Container(bool running, int pid) => $$$"""
        {"Id":"{{{Id}}}","Name":"/proj-node-2","State":{"Running":{{{(running ? "true" : "false")}}},"Pid":{{{pid}}}},
         "Config":{"Labels":{"com.docker.compose.project":"proj","com.docker.compose.service":"node","com.docker.compose.container-number":"2"} } }
        """;

    [Fact]
    public async Task A_running_container_is_its_identity_with_the_compose_labels_read()
    {
        _engine.Answers[Path] = (200, Container(running: true, pid: 4242));

        var container = await _runtime.InspectAsync(Id, CancellationToken.None);

        Assert.NotNull(container);
        Assert.Equal((Id, "proj-node-2", 4242, "node", "proj", 2),
            (container.Id, container.Name, container.Pid, container.Service, container.Project, container.Index));
    }

    [Fact]
    public async Task The_engine_saying_no_such_container_means_nothing_to_wire()
    {
        _engine.Answers[Path] = (404, $"{{\"message\":\"No such container: {Id}\"}}");

        Assert.Null(await _runtime.InspectAsync(Id, CancellationToken.None));
        Assert.Contains(Path, _engine.Requests);
    }

    [Fact]
    public async Task A_container_that_is_no_longer_running_means_nothing_to_wire()
    {
        _engine.Answers[Path] = (200, Container(running: false, pid: 0));

        Assert.Null(await _runtime.InspectAsync(Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_daemon_error_is_an_error_with_the_engine_s_message_not_a_missing_container()
    {
        _engine.Answers[Path] = (500, "{\"message\":\"devmapper: device busy\"}");

        var error = await Assert.ThrowsAsync<DockerApiException>(() => _runtime.InspectAsync(Id, CancellationToken.None));

        Assert.Contains("devmapper: device busy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_whose_inspect_fails_fails_as_a_whole_rather_than_leave_that_container_out()
    {
        _engine.Answers["/containers/json"] = (200, $"[{{\"Id\":\"{Id}\"}}]");
        _engine.Answers[Path] = (500, "{\"message\":\"internal server error\"}");

        await Assert.ThrowsAsync<DockerApiException>(() => _runtime.ListRunningAsync(CancellationToken.None));
    }

    private static string CreatedContainer(string status) => $$$"""
        {"Id":"{{{Id}}}","Name":"/proj-node-2","State":{"Status":"{{{status}}}","Running":{{{(status == "running" ? "true" : "false")}}},"Pid":0},
         "Config":{"Labels":{"com.docker.compose.project":"proj","com.docker.compose.service":"node","com.docker.compose.container-number":"2"} } }
        """;

    [Fact]
    public async Task A_container_compose_created_but_did_not_start_is_its_identity_without_a_pid()
    {
        _engine.Answers[Path] = (200, CreatedContainer("created"));

        var container = await _runtime.InspectCreatedAsync(Id, CancellationToken.None);

        Assert.NotNull(container);
        Assert.Equal((Id, "proj-node-2", 0, "node", "proj", 2),
            (container.Id, container.Name, container.Pid, container.Service, container.Project, container.Index));
    }

    [Theory]
    [InlineData("running")]
    [InlineData("exited")]
    public async Task A_container_that_started_since_or_exited_is_not_a_created_one(string status)
    {
        _engine.Answers[Path] = (200, CreatedContainer(status));

        Assert.Null(await _runtime.InspectCreatedAsync(Id, CancellationToken.None));
    }

    [Fact]
    public async Task The_created_list_asks_the_engine_for_every_container_in_the_created_state_and_inspects_each()
    {
        _engine.Answers["/containers/json"] = (200, $"[{{\"Id\":\"{Id}\"}}]");
        _engine.Answers[Path] = (200, CreatedContainer("created"));

        var created = await _runtime.ListCreatedAsync(CancellationToken.None);

        Assert.Equal("proj-node-2", Assert.Single(created).Name);
        var list = Assert.Single(_engine.Targets, t => t.Contains("/containers/json", StringComparison.Ordinal));
        Assert.Contains("all=1", list, StringComparison.Ordinal);
        Assert.Contains("\"status\":{\"created\":true}", list, StringComparison.Ordinal);
    }
}
