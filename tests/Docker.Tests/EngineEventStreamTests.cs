using System.Text;
using System.Threading.Channels;
using Conlink.Actors.Ports;

namespace Conlink.Docker.Tests;

/// <summary>
/// The Docker adapter follows an engine's events over its socket: the recorded streams, byte for byte as
/// the engines send them (chunked, events split across reads and joined in one), served on a unix socket.
/// </summary>
public sealed class EngineEventStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Streams() => new(RecordedEventStream.Names);

    [Theory]
    [MemberData(nameof(Streams))]
    public async Task The_adapter_passes_on_every_start_die_create_and_removal_of_a_recorded_stream_in_order_whatever_the_engine(string name)
    {
        var stream = RecordedEventStream.Load(name);
        await using var engine = new FakeEngineSocket(stream.ResponseReads(), closeAfterwards: false);
        using var runtime = new DockerRuntime("docker", engine.Path);
        using var cancel = new CancellationTokenSource(Patience);

        var events = await runtime.SubscribeAsync(cancel.Token);
        var expected = stream.ExpectedEvents.Select(l => l.Split(' ')).Where(p => IsForTheEngine(p[1]))
            .Select(p => new ContainerEvent(KindOf(p[1]), p[2])).ToList();
        var received = new List<ContainerEvent>();
        while (received.Count < expected.Count) received.Add(await events.ReadAsync(cancel.Token));

        Assert.Equal(expected, received);
        Assert.False(events.TryRead(out var extra), $"an event nobody sent: {extra}");
    }

    [Fact]
    public async Task The_request_asks_for_container_events_since_a_second_ago_without_pinning_an_api_version()
    {
        var stream = RecordedEventStream.Load("docker-29");
        await using var engine = new FakeEngineSocket(stream.ResponseReads(), closeAfterwards: false);
        using var runtime = new DockerRuntime("docker", engine.Path);
        using var cancel = new CancellationTokenSource(Patience);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await runtime.SubscribeAsync(cancel.Token);
        var requestLine = (await engine.Request).Split("\r\n")[0];

        var path = requestLine.Split(' ')[1];
        Assert.StartsWith("GET /events?since=", requestLine, StringComparison.Ordinal);
        Assert.EndsWith(" HTTP/1.1", requestLine, StringComparison.Ordinal);
        var since = long.Parse(path.Split('?')[1].Split('&')[0]["since=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(since, before - 2, before);
        Assert.Contains("&filters=" + Uri.EscapeDataString("{\"type\":[\"container\"]}"), path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_the_engine_closes_ends_the_reader_with_an_error_naming_the_engine_after_its_events()
    {
        var stream = RecordedEventStream.Load("docker-20.10");
        await using var engine = new FakeEngineSocket(stream.ResponseReads(), closeAfterwards: true);
        using var runtime = new DockerRuntime("docker", engine.Path);
        using var cancel = new CancellationTokenSource(Patience);

        var events = await runtime.SubscribeAsync(cancel.Token);
        var received = (await ReadToTheEnd(events, cancel.Token)).Count;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => events.Completion);

        Assert.Equal(stream.ExpectedEvents.Count(l => IsForTheEngine(l.Split(' ')[1])), received);
        Assert.IsAssignableFrom<IOException>(error);
        Assert.Contains($"docker at {engine.Path}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_engine_that_breaks_the_format_ends_the_stream_saying_where_after_the_events_before_it_in_the_same_read()
    {
        var body = "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"aa\"}}\n<html>"u8.ToArray();
        await using var engine = new FakeEngineSocket([Headers, Chunked(body)], closeAfterwards: false);
        using var runtime = new DockerRuntime("podman", engine.Path);
        using var cancel = new CancellationTokenSource(Patience);

        var events = await runtime.SubscribeAsync(cancel.Token);

        Assert.Equal(new ContainerEvent(ContainerEventKind.Start, "aa"), await events.ReadAsync(cancel.Token));
        var error = await Assert.ThrowsAsync<DockerEventStreamException>(() => events.Completion);
        Assert.Equal($"podman at {engine.Path}: event stream, byte 58: expected an event object, got '<'", error.Message);
    }

    [Fact]
    public async Task An_event_larger_than_the_bound_ends_the_stream_before_it_is_all_read()
    {
        var huge = Encoding.ASCII.GetBytes("{\"Type\":\"container\",\"Action\":\"start\",\"x\":\"" + new string('a', 3 * 1024 * 1024));
        var pieces = huge.Chunk(64 * 1024).Select(Chunked).Prepend(Headers).ToList();
        await using var engine = new FakeEngineSocket(pieces, closeAfterwards: false);
        using var cancel = new CancellationTokenSource(Patience);

        var events = await EngineEventStream.OpenAsync(engine.Path, "docker", DateTimeOffset.UtcNow, cancel.Token, maxEventBytes: 256 * 1024);

        var error = await Assert.ThrowsAsync<DockerEventStreamException>(() => events.Completion);
        Assert.Contains("an event is larger than 262144 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_answer_fails_the_subscription_with_the_engine_s_message()
    {
        var answer = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 48\r\n\r\n{\"message\":\"invalid filter 'type=container;'\"}\n\n"u8.ToArray();
        await using var engine = new FakeEngineSocket([answer], closeAfterwards: false);
        using var runtime = new DockerRuntime("docker", engine.Path);
        using var cancel = new CancellationTokenSource(Patience);

        var error = await Assert.ThrowsAsync<IOException>(() => runtime.SubscribeAsync(cancel.Token));

        Assert.Equal($"docker at {engine.Path}: GET /events answered 400 Bad Request: {{\"message\":\"invalid filter 'type=container;'\"}}", error.Message);
    }

    [Fact]
    public async Task An_engine_that_never_answers_fails_the_subscription_in_bounded_time()
    {
        await using var engine = new FakeEngineSocket([], closeAfterwards: false);
        using var cancel = new CancellationTokenSource(Patience);

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            EngineEventStream.OpenAsync(engine.Path, "podman", DateTimeOffset.UtcNow, cancel.Token, responseTimeout: TimeSpan.FromMilliseconds(300)));

        Assert.Equal("podman: no answer to GET /events within 0.3 s", error.Message);
    }

    [Fact]
    public async Task Cancelling_ends_the_reader_as_cancelled()
    {
        var stream = RecordedEventStream.Load("podman-4.3");
        await using var engine = new FakeEngineSocket(stream.ResponseReads(), closeAfterwards: false);
        using var runtime = new DockerRuntime("podman", engine.Path);
        using var cancel = new CancellationTokenSource(Patience);
        var events = await runtime.SubscribeAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => events.Completion.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_fails_the_subscription()
    {
        using var runtime = new DockerRuntime("podman", "/nonexistent/conlink-test/podman.sock");
        using var cancel = new CancellationTokenSource(Patience);

        var error = await Assert.ThrowsAsync<EngineConnectException>(() => runtime.SubscribeAsync(cancel.Token));

        Assert.Equal("podman at /nonexistent/conlink-test/podman.sock: no socket at /nonexistent/conlink-test/podman.sock", error.Message);
    }

    /// <summary>Every event until the reader completes, whether with an error or not.</summary>
    private static async Task<List<ContainerEvent>> ReadToTheEnd(ChannelReader<ContainerEvent> events, CancellationToken ct)
    {
        var received = new List<ContainerEvent>();
        try
        {
            await foreach (var e in events.ReadAllAsync(ct)) received.Add(e);
        }
        catch (Exception) when (events.Completion.IsCompleted)
        {
        }
        return received;
    }

    private static readonly byte[] Headers =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray();

    /// <summary>One chunk of <paramref name="data"/> (no last chunk: the stream is live).</summary>
    private static byte[] Chunked(byte[] data) =>
        [.. Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), .. data, .. "\r\n"u8];

    /// <summary>The actions the engine follows (podman says remove where Docker says destroy).</summary>
    private static bool IsForTheEngine(string action) => action is "start" or "die" or "create" or "destroy" or "remove";

    private static ContainerEventKind KindOf(string action) => action switch
    {
        "start" => ContainerEventKind.Start,
        "die" => ContainerEventKind.Die,
        "create" => ContainerEventKind.Create,
        _ => ContainerEventKind.Destroy,
    };
}
