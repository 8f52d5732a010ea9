using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Conlink.Docker;

/// <summary>
/// Turns the body of an engine's <c>GET /events</c> response, read in pieces of any size, into events.
/// The body is a sequence of JSON objects: Docker and podman end each with a newline (Docker 29 calls it
/// application/x-ndjson), but nothing here depends on that. HTTP's chunk boundaries (already removed by
/// the HTTP client) and the boundaries of the reads fall anywhere: inside an event, inside a string, inside
/// a UTF-8 character, or with several events in one read. So the decoder finds where each object ends by
/// its own bracket and string state, byte by byte, keeps an incomplete one for the next read, and parses
/// a complete one in either shape (see <see cref="DockerEngineEvent"/>).
/// Input is bounded: an object larger than <see cref="MaxEventBytes"/>, or anything between objects that
/// is not whitespace, ends the stream with a <see cref="DockerEventStreamException"/>.
/// </summary>
public sealed class DockerEventStreamDecoder
{
    /// <summary>Far above a real event (a few KB even with many labels), far below harm.</summary>
    public const int DefaultMaxEventBytes = 1 << 20;

    private readonly string _source;
    private byte[] _pending = new byte[4096];
    private int _length;
    private int _depth;
    private bool _inString;
    private bool _escaped;
    private long _consumed;

    /// <param name="source">Names the stream in errors: "docker at /var/run/docker.sock".</param>
    public DockerEventStreamDecoder(string source, int maxEventBytes = DefaultMaxEventBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEventBytes, 2);
        _source = source;
        MaxEventBytes = maxEventBytes;
    }

    public int MaxEventBytes { get; }

    /// <summary>Whether part of an event is waiting for the next read.</summary>
    public bool HasPartialEvent => _length > 0;

    /// <summary>Decodes what <paramref name="bytes"/> completes; the events are added to <paramref name="events"/> in stream order.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, ICollection<DockerEngineEvent> events)
    {
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (_depth == 0)
            {
                if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
                {
                    start = i + 1;
                    continue;
                }
                if (b != (byte)'{')
                    throw Broken(_consumed + i, $"expected an event object, got {Describe(b)}");
                start = i;
                _depth = 1;
                continue;
            }
            if (_length + (i - start) >= MaxEventBytes)
                throw Broken(_consumed + i, $"an event is larger than {MaxEventBytes} bytes");
            if (_inString)
            {
                if (_escaped) _escaped = false;
                else if (b == (byte)'\\') _escaped = true;
                else if (b == (byte)'"') _inString = false;
                continue;
            }
            switch (b)
            {
                case (byte)'"': _inString = true; break;
                case (byte)'{' or (byte)'[': _depth++; break;
                case (byte)'}' or (byte)']':
                    if (--_depth == 0)
                    {
                        Append(bytes[start..(i + 1)], _consumed + i);
                        events.Add(Parse(_pending.AsSpan(0, _length), _consumed + i + 1 - _length));
                        _length = 0;
                        start = i + 1;
                    }
                    break;
            }
        }
        if (_depth > 0) Append(bytes[start..], _consumed + bytes.Length);
        _consumed += bytes.Length;
    }

    /// <summary>The stream ended: fails if it ended inside an event.</summary>
    public void Complete()
    {
        if (_depth > 0)
            throw Broken(_consumed, $"the stream ended inside an event ({_length} bytes of it received)");
    }

    private void Append(ReadOnlySpan<byte> part, long offset)
    {
        if (_length + part.Length > MaxEventBytes)
            throw Broken(offset, $"an event is larger than {MaxEventBytes} bytes");
        if (_length + part.Length > _pending.Length)
            Array.Resize(ref _pending, Math.Min(MaxEventBytes, Math.Max(_pending.Length * 2, _length + part.Length)));
        part.CopyTo(_pending.AsSpan(_length));
        _length += part.Length;
    }

    private DockerEngineEvent Parse(ReadOnlySpan<byte> json, long offset)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var actor = root.TryGetProperty("Actor", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
            var action = Text(root, "Action") ?? Text(root, "status")
                ?? throw Broken(offset, "an event has neither Action nor status");
            var id = (actor.ValueKind == JsonValueKind.Object ? Text(actor, "ID") : null) ?? Text(root, "id") ?? "";
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            if (actor.ValueKind == JsonValueKind.Object
                && actor.TryGetProperty("Attributes", out var attrs) && attrs.ValueKind == JsonValueKind.Object)
            {
                foreach (var attribute in attrs.EnumerateObject())
                    attributes[attribute.Name] = attribute.Value.ValueKind == JsonValueKind.String
                        ? attribute.Value.GetString()!
                        : attribute.Value.GetRawText();
            }
            return new DockerEngineEvent(Text(root, "Type") ?? "container", action, id, attributes, Time(root));
        }
        catch (JsonException e)
        {
            throw Broken(offset, $"an event is not valid JSON ({e.Message})");
        }
        catch (InvalidOperationException e)
        {
            throw Broken(offset, $"an event has an unexpected shape ({e.Message})");
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s
            ? s
            : null;

    private static long Time(JsonElement root)
    {
        if (root.TryGetProperty("timeNano", out var nano) && nano.ValueKind == JsonValueKind.Number && nano.TryGetInt64(out var ns)) return ns;
        if (root.TryGetProperty("time", out var time) && time.ValueKind == JsonValueKind.Number && time.TryGetInt64(out var s))
            return s * 1_000_000_000;
        return 0;
    }

    private static string Describe(byte b) =>
        b is >= 0x20 and < 0x7f ? $"'{(char)b}'" : "byte 0x" + b.ToString("x2", CultureInfo.InvariantCulture);

    private DockerEventStreamException Broken(long offset, string what) =>
        new(new StringBuilder().Append(_source).Append(": event stream, byte ").Append(offset).Append(": ").Append(what).ToString());
}
