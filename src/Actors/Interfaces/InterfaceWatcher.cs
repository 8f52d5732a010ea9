using Akka.Actor;
using Akka.Event;
using Conlink.Actors.Ports;
using Conlink.Actors.Tracing;

namespace Conlink.Actors.Interfaces;

/// <summary>
/// Follows the bridge namespace through the kernel's link notifications and publishes every
/// <see cref="InterfaceEvent"/> on the event stream, where bridges, tunnels and containers pick
/// up what was removed behind conlink's back. After a restart (the notification socket failed)
/// it publishes a resync, since events may have been missed meanwhile.
/// </summary>
public sealed class InterfaceWatcher : TracedActor
{
    private sealed record StreamEnded(string Reason);

    public sealed class WatchFailedException(string message) : Exception(message);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly INetworkDriver _driver;
    private readonly CancellationTokenSource _cancel = new();

    public InterfaceWatcher(INetworkDriver driver)
    {
        _driver = driver;
        Receive<InterfaceEvent>(e =>
        {
            if (e.Kind == InterfaceEventKind.Removed) _log.Debug("interface {0} disappeared from the bridge namespace", e.Name);
            Context.System.EventStream.Publish(e);
        });
        Receive<StreamEnded>(m => throw new WatchFailedException(m.Reason));
    }

    public static Props Props(INetworkDriver driver) => Akka.Actor.Props.Create(() => new InterfaceWatcher(driver));

    protected override void PreStart()
    {
        var self = Self;
        var driver = _driver;
        var ct = _cancel.Token;
        Task.Run(async () =>
        {
            await foreach (var e in driver.WatchBridgeNamespaceAsync(ct).ConfigureAwait(false)) self.Tell(e);
        }, ct).PipeTo(self,
            success: () => new StreamEnded("link notifications ended"),
            failure: e => new StreamEnded(e.GetBaseException().Message));
    }

    protected override void PostRestart(Exception reason)
    {
        _log.Warning("watching the bridge namespace again after: {0}", reason.Message);
        Context.System.EventStream.Publish(new InterfaceEvent(InterfaceEventKind.Resync, null));
        base.PostRestart(reason);
    }

    protected override void PostStop()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }
}
