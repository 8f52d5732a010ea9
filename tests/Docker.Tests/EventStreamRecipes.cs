using System.Runtime.CompilerServices;
using System.Text;

namespace Conlink.Docker.Tests;

/// <summary>
/// Makes the recorded engine event streams of EventStreams: what an engine sends on its socket for
/// <c>GET /events?filters={"type":{"container":true}}</c>, byte for byte. Each stream is three files:
/// <list type="bullet">
/// <item>NAME.http: the HTTP response, status line to last byte. Go's net/http writes the handler's headers
/// sorted, then Date, then Transfer-Encoding; the engines flush the headers at once, then each event as it
/// happens: one json.Encoder line (the event and a newline) per flush, so one chunk per event.</item>
/// <item>NAME.reads: the length of each read a client makes, one per line. Where the client keeps up, one
/// read per flush; docker-29 is read by a client that falls behind and reads into a small buffer, so its
/// reads join several events and split others (inside a chunk-size line, a string, an escape, a UTF-8
/// character).</item>
/// <item>NAME.events: what a decoder must find, one event per line: TYPE ACTION ACTOR-ID, then
/// <see cref="DescribedAttributes"/> as KEY=VALUE where present.</item>
/// </list>
/// Built from the documented formats (Engine API EventMessage, its version history; podman's compat API)
/// and checked against the shapes this machine's Docker 20.10 and podman 4.3 send; the ids, names, labels
/// and times are our own. The streams:
/// <list type="bullet">
/// <item>docker-20.10: API 1.41, both shapes (status/id/from and Type/Action/Actor): compose up of two
/// services, <c>docker restart</c> (kill, die, stop, start, restart), <c>docker rm -f</c>.</item>
/// <item>docker-29: Docker Engine 29 at API 1.52, which no longer sends status, id and from; a scale to two
/// replicas, a restart of one, a scale back to one.</item>
/// <item>docker-29-api1.44: the same engine answering a client that asked for API 1.44 (its minimum):
/// the old fields are put back by re-encoding each event as a map, so every key comes sorted (Action
/// before status) and the times pass through a float64 (timeNano loses its last digits).</item>
/// <item>podman-4.3: podman's Docker-compatible API (API 1.41, libpod 4.3.1): both shapes, podman's own
/// attributes (containerExitCode, podId), its init and cleanup events, died reported as die with exitCode,
/// no signal on kill; containers of <c>docker compose</c> against the podman socket and of podman-compose.</item>
/// </list>
/// To write the files again after changing a recipe:
/// <c>UPDATE_EVENT_STREAMS=1 dotnet test tests/Docker.Tests --filter FullyQualifiedName~RecordedEventStreamFilesTests</c>.
/// </summary>
public static class EventStreamRecipes
{
    /// <summary>The attributes NAME.events shows, in this order.</summary>
    public static readonly string[] DescribedAttributes =
    [
        "name", "com.docker.compose.project", "com.docker.compose.service", "com.docker.compose.container-number",
        "io.podman.compose.project", "exitCode", "signal", "org.opencontainers.image.authors",
    ];

    public sealed record Recording(string Name, byte[] Response, IReadOnlyList<int> Reads, IReadOnlyList<string> Events);

    public static IReadOnlyList<Recording> All() => [Docker2010(), Docker29(), Docker29Api144(), Podman43()];

    /// <summary>EventStreams in the source tree, where the files are committed.</summary>
    public static string SourceFolder([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "EventStreams");

    /// <summary>The three files of a recording, by extension, as they are committed.</summary>
    public static IReadOnlyDictionary<string, byte[]> Files(Recording recording) => new Dictionary<string, byte[]>
    {
        [".http"] = recording.Response,
        [".reads"] = Encoding.ASCII.GetBytes(string.Concat(recording.Reads.Select(r => r + "\n"))),
        [".events"] = new UTF8Encoding(false).GetBytes(string.Concat(recording.Events.Select(e => e + "\n"))),
    };

    private const long T0 = 1767225600; // 2026-01-01T00:00:00Z
    private static readonly string A = string.Concat(Enumerable.Repeat("a1", 32)); // container ids: 64 hex digits
    private static readonly string B = string.Concat(Enumerable.Repeat("b2", 32));
    private static readonly string C = string.Concat(Enumerable.Repeat("c3", 32));

    private sealed record Event(string Action, string Id, IReadOnlyDictionary<string, string> Attributes);

    private static Recording Docker2010()
    {
        var h1 = Attributes(Compose("2.26.1", "demo", "h1", 1), ("image", "local/busybox"), ("name", "demo-h1-1"));
        var r0 = Attributes(Compose("2.26.1", "demo", "r0", 1), ("image", "local/busybox"), ("name", "demo-r0-1"),
            ("org.opencontainers.image.authors", "Zoë Müller <zoe@example.org>"));
        Event[] events =
        [
            new("create", A, h1), new("start", A, h1),
            new("create", B, r0), new("start", B, r0),
            new("kill", A, With(h1, ("signal", "15"))), new("die", A, With(h1, ("exitCode", "143"))),
            new("stop", A, h1), new("start", A, h1), new("restart", A, h1),
            new("kill", B, With(r0, ("signal", "9"))), new("die", B, With(r0, ("exitCode", "137"))),
            new("destroy", B, r0),
        ];
        string[] headers =
        [
            "Api-Version: 1.41", "Content-Type: application/json", "Docker-Experimental: false", "Ostype: linux",
            "Server: Docker/20.10.24+dfsg1 (linux)",
        ];
        return OnePerFlush("docker-20.10", headers, events.Select((e, i) => GoJson.EncodeLine(BothShapes(e, i))), events);
    }

    private static Recording Docker29()
    {
        var n1 = Attributes(Compose("2.40.3", "edge", "node", 1), ("image", "local/busybox"), ("name", "edge-node-1"),
            ("org.opencontainers.image.description", "naïve café ✓"));
        var n2 = Attributes(Compose("2.40.3", "edge", "node", 2), ("image", "local/busybox"), ("name", "edge-node-2"),
            ("org.opencontainers.image.authors", "Zoë <zoe@example.org> & \"the team\""));
        Event[] events =
        [
            new("create", A, n1), new("start", A, n1),
            new("create", B, n2), new("start", B, n2),
            new("kill", A, With(n1, ("signal", "15"))), new("die", A, With(n1, ("exitCode", "143"))),
            new("stop", A, n1), new("start", A, n1), new("restart", A, n1),
            new("kill", B, With(n2, ("signal", "15"))), new("die", B, With(n2, ("exitCode", "143"))),
            new("stop", B, n2), new("destroy", B, n2),
        ];
        var head = Head(
        [
            "Api-Version: 1.52", "Content-Type: application/json", "Docker-Experimental: false", "Ostype: linux",
            "Server: Docker/29.1.2 (linux)",
        ]);
        var chunks = events.Select((e, i) => Chunk(GoJson.EncodeLine(CurrentShape(e, i)))).ToList();
        var response = Concat([head, .. chunks]);

        // a client that falls behind: each cut is searched for after the one before
        var cuts = new List<int>();
        void CutAt(int position) => cuts.Add(position);
        int After(string text, int offset = 0) =>
            response.AsSpan(cuts.LastOrDefault()).IndexOf(Encoding.UTF8.GetBytes(text)) + cuts.LastOrDefault() + offset;
        var chunkEnds = chunks.Select((_, i) => head.Length + chunks.Take(i + 1).Sum(c => c.Length)).ToList();
        CutAt(head.Length + 2);                                  // inside the first chunk-size line
        CutAt(After("\"Action\":\"create\"", 12));            // inside a string
        CutAt(After("\\u003c", 1));                              // between the backslash and u003c of an escape
        CutAt(After("ï", 1));                                    // inside the two bytes of ï
        CutAt(After("✓", 1));                                    // inside the three bytes of ✓, twice
        CutAt(cuts[^1] + 1);
        CutAt(chunkEnds.First(end => end > cuts[^1]) + 5);       // just after a chunk, inside the next size line
        CutAt(chunkEnds.First(end => end > cuts[^1] + 2500));    // several whole events in one read
        CutAt(chunkEnds[^2] - 40);                               // the last two events split near an end
        return new Recording("docker-29", response, Lengths(cuts, response.Length), events.Select(Describe).ToList());
    }

    private static Recording Docker29Api144()
    {
        var web = Attributes(Compose("2.40.3", "shop", "web", 1), ("image", "local/busybox"), ("name", "shop-web-1"),
            ("org.opencontainers.image.authors", "Zoë Müller <zoe@example.org>"));
        Event[] events =
        [
            new("create", C, web), new("start", C, web),
            new("kill", C, With(web, ("signal", "9"))), new("die", C, With(web, ("exitCode", "137"))),
            new("start", C, web),
        ];
        string[] headers =
        [
            "Api-Version: 1.52", "Content-Type: application/json", "Docker-Experimental: false", "Ostype: linux",
            "Server: Docker/29.1.2 (linux)",
        ];
        return OnePerFlush("docker-29-api1.44", headers, events.Select((e, i) => GoJson.EncodeLine(LegacyMap(e, i))), events);
    }

    private static Recording Podman43()
    {
        const string image = "localhost/local/busybox:latest";
        // podman's attributes are the container's labels plus its own (always with containerExitCode, "0"
        // unless the event is the death); compose v2 run against the podman socket labels as with Docker
        IReadOnlyDictionary<string, string> Podman(IReadOnlyDictionary<string, string> labels, string name, string exitCode = "0") =>
            Attributes(labels, ("containerExitCode", exitCode), ("image", image), ("name", name), ("podId", ""));
        var web = Podman(Compose("2.26.1", "pm", "web", 1), "pm-web-1");
        var webDied = With(Podman(Compose("2.26.1", "pm", "web", 1), "pm-web-1", "143"), ("exitCode", "143"));
        var podmanCompose = new Dictionary<string, string>
        {
            ["PODMAN_SYSTEMD_UNIT"] = "podman-compose@pcx.service",
            ["com.docker.compose.container-number"] = "1",
            ["com.docker.compose.project"] = "pcx",
            ["com.docker.compose.project.config_files"] = "compose.yaml",
            ["com.docker.compose.project.working_dir"] = "/srv/pcx",
            ["com.docker.compose.service"] = "db",
            ["io.podman.compose.config-hash"] = string.Concat(Enumerable.Repeat("ab", 32)),
            ["io.podman.compose.project"] = "pcx",
            ["io.podman.compose.version"] = "1.0.3",
        };
        var db = Podman(podmanCompose, "pcx_db_1");
        var dbDied = With(Podman(podmanCompose, "pcx_db_1", "137"), ("exitCode", "137"));
        Event[] events =
        [
            new("create", A, web), new("init", A, web), new("start", A, web),
            new("create", C, db), new("init", C, db), new("start", C, db),
            new("restart", A, web), new("die", A, webDied), new("cleanup", A, web), new("init", A, web), new("start", A, web),
            new("kill", C, db), new("die", C, dbDied), new("cleanup", C, db), new("remove", C, db),
        ];
        string[] headers =
        [
            "Api-Version: 1.41", "Content-Type: application/json", "Libpod-Api-Version: 4.3.1",
            "Server: Libpod/4.3.1 (linux)", "X-Reference-Id: 0xc0003a6b10",
        ];
        return OnePerFlush("podman-4.3", headers, events.Select((e, i) => GoJson.EncodeLine(BothShapes(e, i))), events);
    }

    // events.Message up to Docker 28 and in podman: the deprecated fields first, omitempty
    private static GoStruct BothShapes(Event e, int seq) => new(
        ("status", e.Action), ("id", e.Id), ("from", e.Attributes["image"]),
        ("Type", "container"), ("Action", e.Action), ("Actor", new GoStruct(("ID", e.Id), ("Attributes", e.Attributes))),
        ("scope", "local"), ("time", Seconds(seq)), ("timeNano", Nanos(seq)));

    // events.Message from API 1.52 on
    private static GoStruct CurrentShape(Event e, int seq) => new(
        ("Type", "container"), ("Action", e.Action), ("Actor", new GoStruct(("ID", e.Id), ("Attributes", e.Attributes))),
        ("scope", "local"), ("time", Seconds(seq)), ("timeNano", Nanos(seq)));

    // Docker 29 for API < 1.52: the event marshalled, unmarshalled into a map (numbers become float64),
    // the legacy fields added, marshalled again
    private static Dictionary<string, object?> LegacyMap(Event e, int seq) => new()
    {
        ["Type"] = "container", ["Action"] = e.Action,
        ["Actor"] = new Dictionary<string, object?> { ["ID"] = e.Id, ["Attributes"] = e.Attributes },
        ["scope"] = "local", ["time"] = (double)Seconds(seq), ["timeNano"] = (double)Nanos(seq),
        ["id"] = e.Id, ["status"] = e.Action, ["from"] = e.Attributes["image"],
    };

    private static long Seconds(int seq) => T0 + seq / 3;

    private static long Nanos(int seq) => Seconds(seq) * 1_000_000_000 + 123_456_789 + seq * 7_654_321 % 800_000_000;

    private static Recording OnePerFlush(string name, string[] headers, IEnumerable<byte[]> lines, IEnumerable<Event> events)
    {
        byte[][] writes = [Head(headers), .. lines.Select(Chunk)];
        return new Recording(name, Concat(writes), writes.Select(w => w.Length).ToList(), events.Select(Describe).ToList());
    }

    private static byte[] Head(string[] handlerHeaders) => Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\n" + string.Concat(handlerHeaders.Select(h => h + "\r\n"))
        + "Date: Thu, 01 Jan 2026 00:00:00 GMT\r\nTransfer-Encoding: chunked\r\n\r\n");

    private static byte[] Chunk(byte[] data) =>
        Concat([Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), data, "\r\n"u8.ToArray()]);

    private static byte[] Concat(IEnumerable<byte[]> parts) => parts.SelectMany(p => p).ToArray();

    private static List<int> Lengths(List<int> cuts, int total)
    {
        for (var i = 1; i < cuts.Count; i++)
            if (cuts[i] <= cuts[i - 1]) throw new InvalidOperationException($"read cut {i} ({cuts[i]}) is not after cut {i - 1} ({cuts[i - 1]})");
        return cuts.Append(total).Select((cut, i) => cut - (i == 0 ? 0 : cuts[i - 1])).ToList();
    }

    private static Dictionary<string, string> Compose(string version, string project, string service, int number) => new()
    {
        ["com.docker.compose.config-hash"] = string.Concat(Enumerable.Repeat("5f", 32)),
        ["com.docker.compose.container-number"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["com.docker.compose.depends_on"] = "",
        ["com.docker.compose.image"] = "sha256:" + string.Concat(Enumerable.Repeat("0d", 32)),
        ["com.docker.compose.oneoff"] = "False",
        ["com.docker.compose.project"] = project,
        ["com.docker.compose.project.config_files"] = $"/srv/{project}/compose.yaml",
        ["com.docker.compose.project.working_dir"] = "/srv/" + project,
        ["com.docker.compose.service"] = service,
        ["com.docker.compose.version"] = version,
    };

    private static IReadOnlyDictionary<string, string> Attributes(IReadOnlyDictionary<string, string> labels, params (string Key, string Value)[] more) =>
        With(labels, more);

    private static IReadOnlyDictionary<string, string> With(IReadOnlyDictionary<string, string> attributes, params (string Key, string Value)[] more)
    {
        var result = new Dictionary<string, string>(attributes, StringComparer.Ordinal);
        foreach (var (key, value) in more) result[key] = value;
        return result;
    }

    private static string Describe(Event e) =>
        string.Join(' ', new[] { "container", e.Action, e.Id }
            .Concat(DescribedAttributes.Where(e.Attributes.ContainsKey).Select(k => $"{k}={e.Attributes[k]}")));
}
