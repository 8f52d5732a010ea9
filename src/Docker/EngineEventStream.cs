using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Conlink.Actors.Ports;

namespace Conlink.Docker;

/// <summary>
/// One engine's <c>GET /events</c>, on a connection of its own, decoded by <see cref="DockerEventStreamDecoder"/>
/// as the bytes arrive, whichever event shape the engine sends (Docker before and after API 1.52, podman).
/// Only container events are asked for (the list form of the type filter, which Docker and podman both
/// read); the container starts and dies among them are passed on in stream order.
/// </summary>
public static class EngineEventStream
{
    /// <summary>Docker and podman send the response headers as soon as they have subscribed.</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>An engine's error answer is one short JSON message; more of it is not read.</summary>
    public const int MaxErrorBodyBytes = 16 * 1024;

    private const int ReadSize = 16 * 1024;

    /// <summary>
    /// Opens the stream of events since <paramref name="since"/> (the engine replays those) and returns once
    /// the engine answered. The reader then yields container starts and dies until the stream ends, and
    /// completes with the reason: the connection was lost or closed, the stream broke its format
    /// (<see cref="DockerEventStreamException"/>), or <paramref name="ct"/> was cancelled.
    /// </summary>
    /// <param name="source">Names the stream in errors: "docker at /var/run/docker.sock".</param>
    public static async Task<ChannelReader<ContainerEvent>> OpenAsync(
        string socketPath, string source, DateTimeOffset since, CancellationToken ct,
        TimeSpan? responseTimeout = null, int maxEventBytes = DockerEventStreamDecoder.DefaultMaxEventBytes)
    {
        var http = EngineSocket.Create(socketPath);
        Stream body;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(responseTimeout ?? DefaultResponseTimeout);
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(RequestPath(since), HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.InnerException is EngineConnectException connect)
            {
                throw new EngineConnectException($"{source}: {connect.Message}", e);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{source}: no answer to GET /events within {(responseTimeout ?? DefaultResponseTimeout).TotalSeconds:0.###} s");
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                using (response)
                {
                    var message = await ReadBoundedAsync(response, timeout.Token).ConfigureAwait(false);
                    throw new IOException($"{source}: GET /events answered {(int)response.StatusCode} {response.ReasonPhrase}: {message}");
                }
            }
            body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            http.Dispose();
            throw;
        }

        var events = Channel.CreateUnbounded<ContainerEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _ = Task.Run(async () =>
        {
            Exception ended;
            try
            {
                await PumpAsync(body, new DockerEventStreamDecoder(source, maxEventBytes), events.Writer, ct).ConfigureAwait(false);
                ended = new IOException($"{source}: the event stream ended");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                ended = new OperationCanceledException(ct);
            }
            catch (DockerEventStreamException e)
            {
                ended = e;
            }
            catch (Exception e)
            {
                ended = new IOException($"{source}: reading the event stream failed: {e.GetBaseException().Message}", e);
            }
            finally
            {
                await body.DisposeAsync().ConfigureAwait(false);
                http.Dispose();
            }
            events.Writer.TryComplete(ended);
        }, CancellationToken.None);
        return events.Reader;
    }

    /// <summary>The request: container events since a time, in whole seconds as both engines read it.</summary>
    public static string RequestPath(DateTimeOffset since) =>
        "events?since=" + since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
        + "&filters=" + Uri.EscapeDataString("{\"type\":[\"container\"]}");

    /// <summary>Feeds every read to the decoder and writes the starts and dies; returns when the body ends cleanly.</summary>
    internal static async Task PumpAsync(Stream body, DockerEventStreamDecoder decoder, ChannelWriter<ContainerEvent> writer, CancellationToken ct)
    {
        var buffer = new byte[ReadSize];
        var decoded = new List<DockerEngineEvent>();
        while (true)
        {
            var read = await body.ReadAsync(buffer, ct).ConfigureAwait(false);
            if (read == 0)
            {
                decoder.Complete();
                return;
            }
            decoded.Clear();
            try
            {
                decoder.Feed(buffer.AsSpan(0, read), decoded);
            }
            finally
            {
                // the events before a format error in the same read are events all the same
                foreach (var e in decoded)
                    if (DockerEventParser.Parse(e) is { } containerEvent)
                        writer.TryWrite(containerEvent);
            }
        }
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[MaxErrorBodyBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false)) > 0)
            length += read;
        var text = Encoding.UTF8.GetString(buffer, 0, length).Trim();
        return length == buffer.Length ? text + "…" : text;
    }
}
