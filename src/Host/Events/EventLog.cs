using System.Threading.Channels;
using Conlink.Actors.Tracing;

namespace Conlink.Host.Events;

/// <summary>
/// The running conlink's recent events (<c>conlink events</c>): the last <see cref="Capacity"/>
/// records, for <c>--since</c>, and live delivery to each subscriber. A subscriber that does not
/// keep up loses its oldest undelivered records (its queue is bounded too) rather than holding the engine back.
/// </summary>
public sealed class EventLog(int capacity = EventLog.DefaultCapacity) : ITraceSink
{
    public const int DefaultCapacity = 10_000;
    private const int SubscriberQueue = 1_000;

    private readonly Queue<TraceRecord> _recent = new();
    private readonly List<Channel<TraceRecord>> _subscribers = new();
    private readonly Lock _gate = new();

    public int Capacity { get; } = capacity;

    public bool Enabled => true;

    public void Write(TraceRecord record)
    {
        lock (_gate)
        {
            if (_recent.Count == Capacity) _recent.Dequeue();
            _recent.Enqueue(record);
            foreach (var subscriber in _subscribers) subscriber.Writer.TryWrite(record);
        }
    }

    /// <summary>The records held now (oldest first) and every later one, until <paramref name="ct"/> ends the subscription.</summary>
    public async IAsyncEnumerable<TraceRecord> ReadAsync(DateTimeOffset? since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<TraceRecord>(new BoundedChannelOptions(SubscriberQueue) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        List<TraceRecord> held;
        lock (_gate)
        {
            held = since is { } from ? _recent.Where(r => r.Time >= from).ToList() : [];
            _subscribers.Add(channel);
        }
        try
        {
            foreach (var record in held) yield return record;
            while (await channel.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                while (channel.Reader.TryRead(out var record)) yield return record;
        }
        finally
        {
            lock (_gate) _subscribers.Remove(channel);
        }
    }

    /// <summary>The records held now (for tests and <c>--since</c> without following).</summary>
    public IReadOnlyList<TraceRecord> Recent()
    {
        lock (_gate) return _recent.ToList();
    }
}
