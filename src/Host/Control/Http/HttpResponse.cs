using System.Text;

namespace Conlink.Host.Control.Http;

/// <summary>
/// What the control server answers: a status code and a body, or a stream that the route writes
/// itself (<c>GET /events</c>) until the client goes or the server stops.
/// </summary>
public sealed record HttpResponse(int Status, string ContentType, ReadOnlyMemory<byte> Body)
{
    /// <summary>Writes the body of a streamed response; the response then has no length and ends with the connection.</summary>
    public Func<Stream, CancellationToken, Task>? Stream { get; init; }

    public static HttpResponse Json(ReadOnlyMemory<byte> utf8, int status = 200) => new(status, "application/json", utf8);

    public static HttpResponse Text(int status, string message) =>
        new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(message.EndsWith('\n') ? message : message + "\n"));

    public static HttpResponse Streamed(string contentType, Func<Stream, CancellationToken, Task> write) =>
        new(200, contentType, ReadOnlyMemory<byte>.Empty) { Stream = write };

    public static string Reason(int status) => status switch
    {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    };

    /// <summary>Writes the status line, the headers and the body (or hands the stream to <see cref="Stream"/>).</summary>
    public async Task WriteAsync(Stream stream, CancellationToken requestDeadline, CancellationToken serverStopping, IEnumerable<KeyValuePair<string, string>>? extraHeaders = null)
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(Status).Append(' ').Append(Reason(Status)).Append("\r\n")
            .Append("Content-Type: ").Append(ContentType).Append("\r\n");
        if (Stream is null) head.Append("Content-Length: ").Append(Body.Length).Append("\r\n");
        foreach (var (name, value) in extraHeaders ?? []) head.Append(name).Append(": ").Append(value).Append("\r\n");
        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), requestDeadline).ConfigureAwait(false);
        if (Stream is null)
        {
            await stream.WriteAsync(Body, requestDeadline).ConfigureAwait(false);
            return;
        }
        await stream.FlushAsync(requestDeadline).ConfigureAwait(false);
        await Stream(stream, serverStopping).ConfigureAwait(false);
    }
}
