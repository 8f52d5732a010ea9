using Akka.Actor;
using Akka.Pattern;
using Conlink.Actors.Engine;
using Conlink.Actors.Network;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;

namespace Conlink.Actors.Tunnels;

/// <summary>Parent of one <see cref="TunnelActor"/> per configured tunnel, each restarted with backoff when it fails.</summary>
public sealed class TunnelSupervisor : TracedActor
{
    public sealed record DeleteAll;
    public sealed record AllDeleted(IReadOnlyList<string> Tunnels);

    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(30);
    private readonly List<IActorRef> _tunnels = new();

    public TunnelSupervisor(IReadOnlyList<TunnelSpec> tunnels, INetworkDriver driver, IActorRef bridges, IActorRef status, EngineSettings settings)
    {
        foreach (var spec in tunnels)
        {
            var props = BackoffSupervisor.Props(Backoff.OnFailure(
                TunnelActor.Props(spec, driver.Tunnel(spec), bridges, status, settings.AttachTimeout), "tunnel",
                settings.ReconnectMinBackoff, settings.ReconnectMaxBackoff, settings.ReconnectRandomFactor, -1));
            _tunnels.Add(Context.ActorOf(props, Uri.EscapeDataString(spec.Dev)));
        }
        Receive<DeleteAll>(_ =>
        {
            Task.WhenAll(_tunnels.Select(t => t.Ask<TunnelActor.Deleted>(new TunnelActor.Delete(), DeleteTimeout)))
                .PipeTo(Sender, success: deleted => new AllDeleted(deleted.Select(d => d.Tunnel).ToList()),
                    failure: _ => new AllDeleted([]));
        });
    }

    public static Props Props(IReadOnlyList<TunnelSpec> tunnels, INetworkDriver driver, IActorRef bridges, IActorRef status, EngineSettings settings) =>
        Akka.Actor.Props.Create(() => new TunnelSupervisor(tunnels, driver, bridges, status, settings));
}
