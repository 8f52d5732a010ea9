using System.Text.Json;
using System.Threading.Channels;
using Conlink.Actors.Tracing;

namespace Conlink.Host.Tracing;

/// <summary>
/// Writes trace records as JSON lines from a background task, so tracing never blocks an actor.
/// </summary>
public sealed class JsonLinesTraceSink : ITraceSink, IAsyncDisposable
{
    private readonly Channel<TraceRecord> _records = Channel.CreateUnbounded<TraceRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public JsonLinesTraceSink(Stream output)
    {
        _writer = Task.Run(() => WriteAllAsync(output));
    }

    public static JsonLinesTraceSink Open(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, FileOptions.Asynchronous));

    public bool Enabled => true;

    public void Write(TraceRecord record) => _records.Writer.TryWrite(record);

    public async ValueTask DisposeAsync()
    {
        _records.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteAllAsync(Stream output)
    {
        await using var _ = output;
        await using var json = new Utf8JsonWriter(output);
        while (await _records.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_records.Reader.TryRead(out var r))
            {
                WriteRecord(json, r);
                await json.FlushAsync().ConfigureAwait(false);
                json.Reset();
                output.WriteByte((byte)'\n');
            }
            await output.FlushAsync().ConfigureAwait(false);
        }
    }

    private static void WriteRecord(Utf8JsonWriter json, TraceRecord r) => TraceJson.Write(json, r);
}
