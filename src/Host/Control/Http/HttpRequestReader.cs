using System.Text;

namespace Conlink.Host.Control.Http;

/// <summary>
/// Reads one HTTP/1.1 request from a stream, bounded: the request line and headers together at most
/// <see cref="MaxHeadBytes"/>, the body at most <see cref="MaxBodyBytes"/> and only with a
/// Content-Length (no chunked bodies), all before the caller's deadline.
/// </summary>
public sealed class HttpRequestReader(int maxHeadBytes = HttpRequestReader.DefaultMaxHeadBytes, int maxBodyBytes = HttpRequestReader.DefaultMaxBodyBytes)
{
    public const int DefaultMaxHeadBytes = 16 * 1024;
    public const int DefaultMaxBodyBytes = 64 * 1024;
    private const int MaxHeaders = 64;

    public int MaxHeadBytes { get; } = maxHeadBytes;
    public int MaxBodyBytes { get; } = maxBodyBytes;

    /// <returns>The request, or null when the client closed the connection before sending anything.</returns>
    /// <exception cref="BadRequestException">The request is malformed or too large.</exception>
    public async Task<HttpRequest?> ReadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[Math.Min(MaxHeadBytes, 4096)];
        var length = 0;
        int headEnd;
        while ((headEnd = HeadEnd(buffer.AsSpan(0, length))) < 0)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxHeadBytes)
                    throw new BadRequestException(431, $"the request line and headers exceed {MaxHeadBytes} bytes");
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxHeadBytes));
            }
            var n = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (n == 0)
            {
                if (length == 0) return null;
                throw new BadRequestException(400, "the connection closed in the middle of the request");
            }
            length += n;
        }

        var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
        var lines = head.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var (method, target) = ParseRequestLine(lines[0]);
        var headers = ParseHeaders(lines.Skip(1));

        if (headers.ContainsKey("transfer-encoding"))
            throw new BadRequestException(411, "chunked request bodies are not accepted: send a Content-Length");
        var bodyLength = 0;
        if (headers.TryGetValue("content-length", out var declared)
            && (!int.TryParse(declared, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bodyLength)))
            throw new BadRequestException(400, $"bad Content-Length '{declared}'");
        if (bodyLength > MaxBodyBytes)
            throw new BadRequestException(413, $"the request body of {bodyLength} bytes exceeds {MaxBodyBytes} bytes");

        var bodyStart = headEnd + (buffer.AsSpan(headEnd).StartsWith("\r\n\r\n"u8) ? 4 : 2);
        var body = new byte[bodyLength];
        var already = Math.Min(length - bodyStart, bodyLength);
        buffer.AsSpan(bodyStart, already).CopyTo(body);
        await stream.ReadExactlyAsync(body.AsMemory(already), ct).ConfigureAwait(false);

        var (path, query) = SplitTarget(target);
        return new HttpRequest(method, path, query, headers, body);
    }

    /// <summary>Where the blank line that ends the head starts, or -1 when it has not arrived yet.</summary>
    private static int HeadEnd(ReadOnlySpan<byte> data)
    {
        var crlf = data.IndexOf("\r\n\r\n"u8);
        var lf = data.IndexOf("\n\n"u8);
        return crlf < 0 ? lf : lf < 0 ? crlf : Math.Min(crlf, lf);
    }

    private static (string Method, string Target) ParseRequestLine(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[0].All(char.IsAsciiLetterUpper) || !parts[1].StartsWith('/')
            || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            throw new BadRequestException(400, $"bad request line '{Printable(line)}': expected 'METHOD /path HTTP/1.1'");
        return (parts[0], parts[1]);
    }

    private static Dictionary<string, string> ParseHeaders(IEnumerable<string> lines)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new BadRequestException(400, $"bad header line '{Printable(line)}'");
            if (headers.Count == MaxHeaders) throw new BadRequestException(431, $"more than {MaxHeaders} headers");
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        return headers;
    }

    private static (string Path, IReadOnlyDictionary<string, string> Query) SplitTarget(string target)
    {
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in target[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
                query[key] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            }
        }
        return (path, query);
    }

    private static string Printable(string text) =>
        new(text.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
