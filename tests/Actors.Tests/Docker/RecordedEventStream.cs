using System.Globalization;
using System.Text;

namespace Conlink.Actors.Tests.Docker;

/// <summary>
/// One recorded engine event stream of Docker/EventStreams (made by make-streams.py): the HTTP response
/// bytes, the engine's writes, and the events a decoder must find in it.
/// </summary>
public sealed class RecordedEventStream
{
    public static readonly string[] Names = ["docker-20.10", "docker-29", "podman-4.3"];

    private RecordedEventStream(string name, byte[] response, IReadOnlyList<int> writes, IReadOnlyList<string> events)
    {
        Name = name;
        Response = response;
        Writes = writes;
        ExpectedEvents = events;
    }

    public string Name { get; }

    /// <summary>The HTTP response as the engine sends it: status line, headers, chunked body.</summary>
    public byte[] Response { get; }

    /// <summary>The length of each write the engine makes; they add up to the response.</summary>
    public IReadOnlyList<int> Writes { get; }

    /// <summary>"TYPE ACTION ID [KEY=VALUE...]" per event.</summary>
    public IReadOnlyList<string> ExpectedEvents { get; }

    public static RecordedEventStream Load(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Docker", "EventStreams");
        var response = File.ReadAllBytes(Path.Combine(folder, name + ".http"));
        var writes = File.ReadAllLines(Path.Combine(folder, name + ".reads"))
            .Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList();
        var events = File.ReadAllLines(Path.Combine(folder, name + ".events"), Encoding.UTF8);
        if (writes.Sum() != response.Length) throw new InvalidDataException($"{name}.reads does not add up to {name}.http");
        return new RecordedEventStream(name, response, writes, events);
    }

    /// <summary>The engine's writes as separate pieces.</summary>
    public IReadOnlyList<byte[]> WritePieces()
    {
        var pieces = new List<byte[]>();
        var offset = 0;
        foreach (var length in Writes)
        {
            pieces.Add(Response[offset..(offset + length)]);
            offset += length;
        }
        return pieces;
    }

    /// <summary>
    /// The body after HTTP's chunked framing is removed, cut where the engine's writes cut it: what an
    /// HTTP client hands on read by read. Empty pieces (a write of framing only) are left out.
    /// </summary>
    public IReadOnlyList<byte[]> BodyReads()
    {
        var headerEnd = IndexOf(Response, "\r\n\r\n"u8, 0) + 4;
        if (!Encoding.ASCII.GetString(Response, 0, headerEnd).Contains("Transfer-Encoding: chunked", StringComparison.Ordinal))
            throw new InvalidDataException($"{Name}: not a chunked response");
        // which write each byte of the response belongs to
        var writeOf = new int[Response.Length];
        for (int w = 0, offset = 0; w < Writes.Count; offset += Writes[w], w++)
            Array.Fill(writeOf, w, offset, Writes[w]);

        var reads = new List<List<byte>>();
        var lastWrite = -1;
        var position = headerEnd;
        while (position < Response.Length) // a live stream has no last chunk yet
        {
            var lineEnd = IndexOf(Response, "\r\n"u8, position);
            var size = int.Parse(Encoding.ASCII.GetString(Response, position, lineEnd - position), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position = lineEnd + 2;
            if (size == 0) break;
            for (var i = position; i < position + size; i++)
            {
                if (writeOf[i] != lastWrite) { reads.Add([]); lastWrite = writeOf[i]; }
                reads[^1].Add(Response[i]);
            }
            position += size + 2; // data, CRLF
        }
        return reads.Select(r => r.ToArray()).ToList();
    }

    public byte[] Body() => BodyReads().SelectMany(r => r).ToArray();

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> what, int from)
    {
        var index = data.AsSpan(from).IndexOf(what);
        if (index < 0) throw new InvalidDataException("truncated HTTP response");
        return from + index;
    }
}
