using Akka.Actor;
using Akka.Event;
using Conlink.Actors.Bridges;
using Conlink.Actors.Ports;
using Conlink.Actors.Status;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;

namespace Conlink.Actors.Tunnels;

/// <summary>
/// Keeps one tunnel up: creates (or adopts) its interface, attaches it to its bridge, and does it
/// again whenever the interface disappears. A kernel that lacks the tunnel type gets one clear
/// error and no retries; other failures fail the actor so its backoff supervisor retries later.
/// </summary>
public sealed class TunnelActor : TracedActor
{
    public sealed class TunnelFailedException(string message) : Exception(message);

    private sealed record Built(string? Error, bool Permanent);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TunnelSpec _spec;
    private readonly ITunnelBackend _backend;
    private readonly IActorRef _bridges;
    private readonly IActorRef _status;
    private readonly TimeSpan _attachTimeout;

    public TunnelActor(TunnelSpec spec, ITunnelBackend backend, IActorRef bridges, IActorRef status, TimeSpan attachTimeout)
    {
        _spec = spec;
        _backend = backend;
        _bridges = bridges;
        _status = status;
        _attachTimeout = attachTimeout;
    }

    /// <summary>How a tunnel is expected before it is built: the status tracker counts it from the start.</summary>
    public static LinkStatus PlannedStatus(TunnelSpec spec) =>
        new(spec.LinkId, spec.Dev, spec.Dev, LinkState.Planned, null, null, null, $"{spec.Bridge.Name} (remote {spec.Remote})", DateTimeOffset.UtcNow)
        {
            Type = spec.Type.ToString().ToLowerInvariant(),
        };

    public static Props Props(TunnelSpec spec, ITunnelBackend backend, IActorRef bridges, IActorRef status, TimeSpan attachTimeout) =>
        Akka.Actor.Props.Create(() => new TunnelActor(spec, backend, bridges, status, attachTimeout));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(InterfaceEvent));
        _status.Tell(new StatusTracker.Expect(_spec.Dev, [PlannedStatus(_spec)]));
        BeginBuild();
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void BeginBuild()
    {
        _status.Tell(new StatusTracker.Update(_spec.Dev, _spec.LinkId, LinkState.Creating));
        var self = Self;
        BuildAsync().PipeTo(self, success: () => new Built(null, false), failure: Failure);
        Become(Building);
    }

    /// <summary>
    /// Why the build failed, and whether for good. Only task wrappers are unwrapped: the driver's
    /// <see cref="MissingKernelFeatureException"/> carries the netlink error as its inner exception.
    /// </summary>
    private static Built Failure(Exception e)
    {
        var cause = e;
        while (cause is AggregateException { InnerException: { } inner }) cause = inner;
        return new Built(cause.Message, cause is MissingKernelFeatureException);
    }

    private async Task BuildAsync()
    {
        await _backend.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        var reply = await _bridges.Ask(new BridgeManager.Attach(_spec.Bridge, _spec.Dev, _spec.LinkId), _attachTimeout).ConfigureAwait(false);
        if (reply is BridgeActor.AttachFailed failed) throw new TunnelFailedException(failed.Reason);
    }

    private void Building()
    {
        Receive<Built>(m =>
        {
            if (m.Error is null)
            {
                _status.Tell(new StatusTracker.Update(_spec.Dev, _spec.LinkId, LinkState.Ready));
                _log.Info("tunnel {0} to {1} ready on bridge {2}", _spec.Dev, _spec.Remote, _spec.Bridge.Name);
                Become(Up);
                return;
            }
            _status.Tell(new StatusTracker.Update(_spec.Dev, _spec.LinkId, LinkState.Failed, m.Error));
            _log.Error("tunnel {0}: {1}", _spec.Dev, m.Error);
            if (!m.Permanent) throw new TunnelFailedException(m.Error);
            Become(Failed);
        });
        Receive<InterfaceEvent>(_ => { });
    }

    private void Up()
    {
        Receive<InterfaceEvent>(e => e.Kind == InterfaceEventKind.Resync || e.Name == _spec.Dev, _ =>
        {
            _log.Warning("tunnel {0} disappeared; re-creating it", _spec.Dev);
            BeginBuild();
        });
        Receive<InterfaceEvent>(_ => { });
    }

    private void Failed() => Receive<InterfaceEvent>(_ => { });
}
