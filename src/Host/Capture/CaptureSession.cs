using System.Threading.Channels;
using Conlink.Netlink.Capture;

namespace Conlink.Host.Capture;

/// <summary>
/// Captures several links into one pcapng stream: one interface block per link (named as given,
/// <c>CONTAINER:DEV</c>), then their frames as they arrive, until the count or the duration is
/// reached, the reader goes away, or a captured interface disappears. Each capture is read by its
/// own loop into a small bounded queue; one writer writes whole blocks, so the stream always ends
/// complete. The captures are the caller's: it disposes of them.
/// </summary>
public static class CaptureSession
{
    /// <summary>What a capture ended with.</summary>
    public sealed record Result(long Packets, ulong DroppedByKernel, string? EndedBecause);

    public static async Task<Result> RunAsync(IReadOnlyList<(string Name, PacketCapture Capture)> captures, CaptureLimits limits, Stream output, CancellationToken ct)
    {
        var writer = new PcapngWriter(output);
        await writer.WriteHeaderAsync("conlink capture", ct).ConfigureAwait(false);
        foreach (var (name, capture) in captures)
            await writer.WriteInterfaceAsync(name, Math.Min(limits.SnapLength, capture.SnapLength), ct).ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (limits.Duration is { } duration) stop.CancelAfter(duration);
        var frames = Channel.CreateBounded<(int Interface, CapturedFrame Frame)>(new BoundedChannelOptions(256)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        string? ended = null;
        var readers = captures.Select((c, i) => Task.Run(async () =>
        {
            try
            {
                await foreach (var frame in c.Capture.ReadAllAsync(stop.Token).ConfigureAwait(false))
                    await frames.Writer.WriteAsync((i, frame), stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref ended, $"{c.Name}: {e.Message}", null);
                await stop.CancelAsync().ConfigureAwait(false);
            }
        })).ToList();
        _ = Task.WhenAll(readers).ContinueWith(_ => frames.Writer.TryComplete(), TaskScheduler.Default);

        long written = 0;
        try
        {
            while (limits.Count is not { } max || written < max)
            {
                if (!await frames.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false)) break;
                while ((limits.Count is not { } m || written < m) && frames.Reader.TryRead(out var item))
                {
                    await writer.WritePacketAsync(item.Interface, item.Frame, ct).ConfigureAwait(false);
                    written++;
                }
                await output.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // the duration is over, or a capture ended (ended says why)
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(readers).ConfigureAwait(false);
        }
        var dropped = captures.Aggregate(0UL, (sum, c) => sum + c.Capture.Statistics.Dropped);
        return new Result(written, dropped, ended);
    }
}
