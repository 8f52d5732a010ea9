using System.Text.Json;
using System.Threading.Channels;
using Conlink.Actors.Tracing;
using Conlink.Host.Logging;

namespace Conlink.Host.Tracing;

/// <summary>
/// Writes trace records as JSON lines from a background task, so tracing never blocks an actor.
/// The queue is bounded: records that arrive while it is full (the file cannot keep up, or
/// writing failed) are dropped and counted, and the log says how many. A file trace rotates to
/// <c>FILE.1</c> when it reaches its size limit.
/// </summary>
public sealed class JsonLinesTraceSink : ITraceSink, IAsyncDisposable
{
    public const int DefaultCapacity = 10_000;
    public const long DefaultMaxBytes = 100L * 1024 * 1024;

    private readonly Channel<TraceRecord> _records;
    private readonly LogOutput? _log;
    private readonly string? _path;
    private readonly long _maxBytes;
    private readonly Task _writer;
    private long _dropped;
    private long _reportedDropped;

    /// <param name="output">Where lines go; <paramref name="path"/> names it when it is a file that may rotate.</param>
    public JsonLinesTraceSink(Stream output, LogOutput? log = null, string? path = null, long maxBytes = long.MaxValue, int capacity = DefaultCapacity)
    {
        _records = Channel.CreateBounded<TraceRecord>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            // Wait mode, so TryWrite says false when full (DropWrite would drop without telling).
            FullMode = BoundedChannelFullMode.Wait,
        });
        _log = log;
        _path = path;
        _maxBytes = maxBytes;
        _writer = Task.Run(() => WriteAllAsync(output));
    }

    /// <summary>Opens <paramref name="path"/> as <see cref="TraceFile.Create"/> does, rotating it at <paramref name="maxBytes"/>.</summary>
    public static JsonLinesTraceSink Open(string path, LogOutput? log = null, long maxBytes = DefaultMaxBytes) =>
        new(TraceFile.Create(path), log, path, maxBytes);

    public bool Enabled => true;

    /// <summary>Records dropped so far because the queue was full or the file could not be written.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(TraceRecord record)
    {
        if (!_records.Writer.TryWrite(record)) Interlocked.Increment(ref _dropped);
    }

    public async ValueTask DisposeAsync()
    {
        _records.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        ReportDropped();
    }

    private async Task WriteAllAsync(Stream output)
    {
        try
        {
            var written = output.CanSeek ? output.Length : 0;
            var json = new Utf8JsonWriter(output);
            try
            {
                while (await _records.Reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (_records.Reader.TryRead(out var r))
                    {
                        WriteRecord(json, r);
                        await json.FlushAsync().ConfigureAwait(false);
                        written += json.BytesCommitted + 1;
                        json.Reset();
                        output.WriteByte((byte)'\n');
                        if (written >= _maxBytes && _path is not null)
                        {
                            await output.DisposeAsync().ConfigureAwait(false);
                            TraceFile.Rotate(_path);
                            output = TraceFile.Create(_path);
                            json = new Utf8JsonWriter(output);
                            written = 0;
                        }
                    }
                    await output.FlushAsync().ConfigureAwait(false);
                    ReportDropped();
                }
            }
            finally
            {
                await json.DisposeAsync().ConfigureAwait(false);
                await output.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            _log?.Error($"trace{(_path is null ? "" : " " + _path)}: writing failed, tracing stops: {e.Message}");
            // Keep taking records so none piles up in memory; each one is counted as dropped.
            await foreach (var _ in _records.Reader.ReadAllAsync().ConfigureAwait(false)) Interlocked.Increment(ref _dropped);
        }
    }

    private void ReportDropped()
    {
        var dropped = Interlocked.Read(ref _dropped);
        var reported = Interlocked.Exchange(ref _reportedDropped, dropped);
        if (dropped > reported)
            _log?.Warning($"trace{(_path is null ? "" : " " + _path)}: {dropped - reported} record(s) dropped ({dropped} in all): the trace could not keep up");
    }

    private static void WriteRecord(Utf8JsonWriter json, TraceRecord r) => TraceJson.Write(json, r);
}
