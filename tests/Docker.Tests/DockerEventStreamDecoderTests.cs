using System.Text;
using Conlink.Actors.Ports;
using CsCheck;

namespace Conlink.Docker.Tests;

public sealed class DockerEventStreamDecoderTests
{
    public static TheoryData<string> Streams() => new(RecordedEventStream.Names);

    [Theory]
    [MemberData(nameof(Streams))]
    public void Every_event_of_a_recorded_stream_is_decoded_read_by_read_as_the_client_read_it(string name)
    {
        var stream = RecordedEventStream.Load(name);

        Assert.Equal(stream.ExpectedEvents, Decode(stream.BodyReads()));
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void A_stream_cut_at_any_single_byte_decodes_the_same(string name)
    {
        var stream = RecordedEventStream.Load(name);
        var body = stream.Body();

        for (var cut = 0; cut <= body.Length; cut++)
            Assert.Equal(stream.ExpectedEvents, Decode([body[..cut], body[cut..]]));
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void A_stream_read_one_byte_at_a_time_or_all_at_once_decodes_the_same(string name)
    {
        var stream = RecordedEventStream.Load(name);
        var body = stream.Body();

        Assert.Equal(stream.ExpectedEvents, Decode(body.Select(b => new[] { b }).ToList()));
        Assert.Equal(stream.ExpectedEvents, Decode([body]));
    }

    [Fact]
    public void Any_partition_of_a_stream_into_reads_decodes_the_same()
    {
        var stream = RecordedEventStream.Load("docker-29");
        var body = stream.Body();

        Gen.Int[1, 700].Array[1, 80].Sample(lengths =>
        {
            var reads = new List<byte[]>();
            var offset = 0;
            foreach (var length in lengths.Append(body.Length))
            {
                if (offset >= body.Length) break;
                var take = Math.Min(length, body.Length - offset);
                reads.Add(body[offset..(offset + take)]);
                offset += take;
            }
            if (offset < body.Length) reads.Add(body[offset..]);
            Assert.Equal(stream.ExpectedEvents, Decode(reads));
        });
    }

    [Fact]
    public void The_recorded_docker_29_stream_really_splits_events_and_joins_them()
    {
        var stream = RecordedEventStream.Load("docker-29");
        var reads = stream.BodyReads();

        Assert.Contains(reads, r => Count(r, (byte)'\n') >= 2);                        // several events in one read
        Assert.Contains(reads, r => r.Length > 0 && r[^1] != (byte)'\n');              // a read ending inside an event
        Assert.DoesNotContain("\"status\"", Encoding.UTF8.GetString(stream.Body()), StringComparison.Ordinal);
        var decoder = new DockerEventStreamDecoder("docker-29");
        var events = new List<DockerEngineEvent>();
        var partial = 0;
        foreach (var read in reads)
        {
            decoder.Feed(read, events);
            if (decoder.HasPartialEvent) partial++;
        }
        Assert.True(partial >= 3, $"only {partial} reads ended inside an event");
    }

    [Fact]
    public void Multi_byte_characters_and_escapes_split_between_reads_come_out_whole()
    {
        var events = new List<DockerEngineEvent>();
        var decoder = new DockerEventStreamDecoder("docker-29");
        foreach (var read in RecordedEventStream.Load("docker-29").BodyReads()) decoder.Feed(read, events);

        Assert.Equal("naïve café ✓", events.First(e => e.ActorId.StartsWith("a1", StringComparison.Ordinal)).Attributes["org.opencontainers.image.description"]);
        Assert.Equal("Zoë <zoe@example.org> & \"the team\"", events.First(e => e.ActorId.StartsWith("b2", StringComparison.Ordinal)).Attributes["org.opencontainers.image.authors"]);
    }

    [Fact]
    public void Docker_29_answering_an_older_api_sends_both_shapes_with_sorted_keys_and_float_times_and_they_decode()
    {
        var stream = RecordedEventStream.Load("docker-29-api1.44");
        var body = Encoding.UTF8.GetString(stream.Body());
        var first = body[..body.IndexOf('\n', StringComparison.Ordinal)];

        Assert.StartsWith("{\"Action\":\"create\",\"Actor\":{\"Attributes\":{", first, StringComparison.Ordinal);
        Assert.Contains(",\"status\":\"create\",\"time\":1767225600,\"timeNano\":1767225600123456800}", first, StringComparison.Ordinal);
        var events = new List<DockerEngineEvent>();
        new DockerEventStreamDecoder(stream.Name).Feed(stream.Body(), events);
        Assert.Equal(1_767_225_600_123_456_800, events[0].TimeNano);
        Assert.Equal(stream.ExpectedEvents, events.Select(Describe));
    }

    [Fact]
    public void Both_shapes_decode_to_the_same_event()
    {
        var old = """{"status":"start","id":"abc","from":"img","Type":"container","Action":"start","Actor":{"ID":"abc","Attributes":{"name":"n"}},"scope":"local","time":5,"timeNano":5000000001}""";
        var current = """{"Type":"container","Action":"start","Actor":{"ID":"abc","Attributes":{"name":"n"}},"scope":"local","time":5,"timeNano":5000000001}""";
        var ancient = """{"status":"start","id":"abc","from":"img","time":5}"""; // before API 1.22: no Type, Action or Actor

        var decoded = Decode(old + "\n" + current + "\n" + ancient + "\n");

        Assert.Equal(3, decoded.Count);
        Assert.All(decoded, e => Assert.Equal(("container", "start", "abc"), (e.Type, e.Action, e.ActorId)));
        Assert.Equal(decoded[0].Attributes, decoded[1].Attributes);
        Assert.Equal(5_000_000_001, decoded[1].TimeNano);
        Assert.Equal(5_000_000_000, decoded[2].TimeNano);
    }

    [Fact]
    public void Events_need_no_newline_between_them_and_braces_in_strings_do_not_count()
    {
        var one = """{"Type":"container","Action":"start","Actor":{"ID":"a","Attributes":{"x":"} { \" \\"}}}""";
        var two = """{"Type":"container","Action":"die","Actor":{"ID":"b","Attributes":{"list":["]"]}}}""";

        var decoded = Decode(one + two + "\r\n \t");

        Assert.Equal(["start a", "die b"], decoded.Select(e => $"{e.Action} {e.ActorId}"));
        Assert.Equal("} { \" \\", decoded[0].Attributes["x"]);
        Assert.Equal("[\"]\"]", decoded[1].Attributes["list"]);
    }

    [Fact]
    public void An_event_larger_than_the_bound_fails_the_stream_naming_it()
    {
        var decoder = new DockerEventStreamDecoder("docker at /var/run/docker.sock", maxEventBytes: 100);
        var big = "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"" + new string('a', 200) + "\"}}";

        var e = Assert.Throws<DockerEventStreamException>(() => decoder.Feed(Encoding.UTF8.GetBytes(big), []));

        Assert.Equal("docker at /var/run/docker.sock: event stream, byte 100: an event is larger than 100 bytes", e.Message);
    }

    [Fact]
    public void An_unbounded_event_fails_before_it_fills_memory()
    {
        var decoder = new DockerEventStreamDecoder("podman", maxEventBytes: 4096);
        decoder.Feed("{\"Actor\":\"abc"u8, []);

        Assert.Throws<DockerEventStreamException>(() =>
        {
            var filler = Enumerable.Repeat((byte)'x', 100).ToArray();
            for (var i = 0; i < 100; i++) decoder.Feed(filler, []);
        });
    }

    [Theory]
    [InlineData("[1]\n", "byte 0: expected an event object, got '['")]
    [InlineData("{\"Action\":\"start\"}\nHTTP/1.1 200 OK", "byte 19: expected an event object, got 'H'")]
    [InlineData("{\"Action\":\"start\",}\n", "byte 0: an event is not valid JSON")]
    [InlineData("{\"Type\":\"container\"}\n", "byte 0: an event has neither Action nor status")]
    [InlineData("\0", "byte 0: expected an event object, got byte 0x00")]
    public void Anything_that_is_not_an_event_fails_the_stream_with_where_and_what(string text, string expected)
    {
        var decoder = new DockerEventStreamDecoder("docker");

        var e = Assert.Throws<DockerEventStreamException>(() => decoder.Feed(Encoding.UTF8.GetBytes(text), []));

        Assert.StartsWith("docker: event stream, " + expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_that_ends_inside_an_event_is_an_error_and_one_that_ends_between_events_is_not()
    {
        var between = new DockerEventStreamDecoder("docker");
        between.Feed("{\"Action\":\"die\",\"id\":\"a\"}\n"u8, []);
        between.Complete();

        var inside = new DockerEventStreamDecoder("docker");
        inside.Feed("{\"Action\":\"die\",\"id\":\"a\"}\n{\"Action\":"u8, []);
        var e = Assert.Throws<DockerEventStreamException>(inside.Complete);
        Assert.Equal("docker: event stream, byte 36: the stream ended inside an event (10 bytes of it received)", e.Message);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Only_starts_dies_creates_and_removals_of_containers_reach_the_engine_from_any_engine(string name)
    {
        var stream = RecordedEventStream.Load(name);
        var events = new List<DockerEngineEvent>();
        var decoder = new DockerEventStreamDecoder(name);
        foreach (var read in stream.BodyReads()) decoder.Feed(read, events);

        var mapped = events.Select(e => DockerEventParser.Parse(e)).OfType<ContainerEvent>()
            .Select(e => $"{e.Kind} {e.ContainerId[..2]}");
        var expected = stream.ExpectedEvents.Select(l => l.Split(' '))
            .Where(p => p[1] is "start" or "die" or "create" or "destroy" or "remove")
            .Select(p => $"{p[1] switch { "start" => "Start", "die" => "Die", "create" => "Create", _ => "Destroy" }} {p[2][..2]}");

        Assert.Equal(expected, mapped);
    }

    private static List<string> Decode(IEnumerable<byte[]> reads)
    {
        var decoder = new DockerEventStreamDecoder("test");
        var events = new List<DockerEngineEvent>();
        foreach (var read in reads) decoder.Feed(read, events);
        decoder.Complete();
        return events.Select(Describe).ToList();
    }

    private static List<DockerEngineEvent> Decode(string text)
    {
        var decoder = new DockerEventStreamDecoder("test");
        var events = new List<DockerEngineEvent>();
        decoder.Feed(Encoding.UTF8.GetBytes(text), events);
        decoder.Complete();
        return events;
    }

    private static string Describe(DockerEngineEvent e) =>
        string.Join(' ', new[] { e.Type, e.Action, e.ActorId }
            .Concat(EventStreamRecipes.DescribedAttributes.Where(e.Attributes.ContainsKey).Select(k => $"{k}={e.Attributes[k]}")));

    private static int Count(byte[] data, byte value) => data.Count(b => b == value);
}
