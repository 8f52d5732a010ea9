using System.Globalization;
using System.Text;

namespace Conlink.Docker.Tests;

/// <summary>
/// One recorded engine event stream of EventStreams (made by <see cref="EventStreamRecipes"/>): the
/// HTTP response bytes, the client's reads, and the events a decoder must find in it.
/// </summary>
public sealed class RecordedEventStream
{
    public static readonly string[] Names = ["docker-20.10", "docker-29", "docker-29-api1.44", "podman-4.3"];

    /// <summary>Where the test run finds the committed files (copied next to the tests).</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "EventStreams");

    private RecordedEventStream(string name, byte[] response, IReadOnlyList<int> reads, IReadOnlyList<string> events)
    {
        Name = name;
        Response = response;
        Reads = reads;
        ExpectedEvents = events;
    }

    public string Name { get; }

    /// <summary>The HTTP response as the engine sends it: status line, headers, chunked body.</summary>
    public byte[] Response { get; }

    /// <summary>The length of each read the client makes; they add up to the response.</summary>
    public IReadOnlyList<int> Reads { get; }

    /// <summary>"TYPE ACTION ID [KEY=VALUE...]" per event.</summary>
    public IReadOnlyList<string> ExpectedEvents { get; }

    public static RecordedEventStream Load(string name)
    {
        var folder = Folder;
        var response = File.ReadAllBytes(Path.Combine(folder, name + ".http"));
        var reads = File.ReadAllLines(Path.Combine(folder, name + ".reads"))
            .Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList();
        var events = File.ReadAllLines(Path.Combine(folder, name + ".events"), Encoding.UTF8);
        if (reads.Sum() != response.Length) throw new InvalidDataException($"{name}.reads does not add up to {name}.http");
        return new RecordedEventStream(name, response, reads, events);
    }

    /// <summary>
    /// The body after HTTP's chunked framing is removed, cut where the client's reads cut it: what an
    /// HTTP client hands on read by read. Empty pieces (a read of framing only) are left out.
    /// </summary>
    public IReadOnlyList<byte[]> BodyReads()
    {
        var headerEnd = IndexOf(Response, "\r\n\r\n"u8, 0) + 4;
        if (!Encoding.ASCII.GetString(Response, 0, headerEnd).Contains("Transfer-Encoding: chunked", StringComparison.Ordinal))
            throw new InvalidDataException($"{Name}: not a chunked response");
        // which read each byte of the response came in
        var readOf = new int[Response.Length];
        for (int r = 0, offset = 0; r < Reads.Count; offset += Reads[r], r++)
            Array.Fill(readOf, r, offset, Reads[r]);

        var reads = new List<List<byte>>();
        var lastRead = -1;
        var position = headerEnd;
        while (position < Response.Length) // a live stream has no last chunk yet
        {
            var lineEnd = IndexOf(Response, "\r\n"u8, position);
            var size = int.Parse(Encoding.ASCII.GetString(Response, position, lineEnd - position), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position = lineEnd + 2;
            if (size == 0) break;
            for (var i = position; i < position + size; i++)
            {
                if (readOf[i] != lastRead) { reads.Add([]); lastRead = readOf[i]; }
                reads[^1].Add(Response[i]);
            }
            position += size + 2; // data, CRLF
        }
        return reads.Select(r => r.ToArray()).ToList();
    }

    /// <summary>The response cut where the client's reads cut it: what the engine's socket delivered read by read.</summary>
    public IReadOnlyList<byte[]> ResponseReads()
    {
        var pieces = new List<byte[]>();
        for (int r = 0, offset = 0; r < Reads.Count; offset += Reads[r], r++)
            pieces.Add(Response[offset..(offset + Reads[r])]);
        return pieces;
    }

    public byte[] Body() => BodyReads().SelectMany(r => r).ToArray();

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> what, int from)
    {
        var index = data.AsSpan(from).IndexOf(what);
        if (index < 0) throw new InvalidDataException("truncated HTTP response");
        return from + index;
    }
}
