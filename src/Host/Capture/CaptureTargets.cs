using Conlink.Actors.Status;
using Conlink.Host.Traffic;
using Conlink.Netlink.Capture;

namespace Conlink.Host.Capture;

/// <summary>
/// Opens one capture per target (<c>CONTAINER:DEV</c>, <c>SERVICE:DEV</c>, <c>SERVICE_N:DEV</c>,
/// resolved over the engine's status by <see cref="LinkTargets"/>), each named <c>CONTAINER:DEV</c>.
/// All or nothing: when one target fails, the captures already opened are closed.
/// </summary>
public static class CaptureTargets
{
    /// <exception cref="CaptureTargetException">A target names no link, or its interface is not in the kernel.</exception>
    public static async Task<IReadOnlyList<(string Name, PacketCapture Capture)>> OpenAsync(
        TrafficReader traffic, Func<CancellationToken, Task<StatusTracker.Snapshot>> status,
        IReadOnlyList<string> targets, bool inside, int snapLength, CancellationToken ct)
    {
        if (targets.Count == 0) throw new CaptureTargetException(LinkTargetError.Invalid, "no target: name at least one link as CONTAINER:DEV");
        var snapshot = await status(ct).ConfigureAwait(false);
        var links = new List<LinkStatus>();
        foreach (var target in targets)
        {
            var found = LinkTargets.Resolve(snapshot.Links, target);
            if (found.Link is not { } link) throw new CaptureTargetException(found.Error, found.Message!);
            if (!links.Contains(link)) links.Add(link);
        }

        var opened = new List<(string, PacketCapture)>();
        try
        {
            foreach (var link in links)
            {
                PacketCapture capture;
                try
                {
                    capture = await traffic.Kernel.OpenCaptureAsync(TrafficReader.ToTrafficLink(link), inside, new CaptureOptions { SnapLength = snapLength }, ct)
                        .ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new CaptureTargetException(LinkTargetError.NotFound,
                        $"{link.Owner}:{link.Dev} ({link.State.ToString().ToLowerInvariant()}): cannot capture: {e.Message}");
                }
                opened.Add(($"{link.Owner}:{link.Dev}", capture));
            }
            return opened;
        }
        catch
        {
            foreach (var (_, capture) in opened) capture.Dispose();
            throw;
        }
    }
}
