using Akka.Actor;
using Conlink.Actors.Engine;
using Conlink.Actors.Ports;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;

namespace Conlink.Actors.Bridges;

/// <summary>Parent of one <see cref="BridgeActor"/> per bridge, created the first time a bridge is needed.</summary>
public sealed class BridgeManager : TracedActor
{
    /// <summary>Attach a port to a bridge; the reply comes from the bridge's actor.</summary>
    public sealed record Attach(BridgeSpec Bridge, string Port, string LinkId) : ITraced
    {
        public string? Container => null;
        public string? Link => LinkId;
    }

    public sealed record Detach(BridgeSpec Bridge, string Port, string LinkId) : ITraced
    {
        public string? Container => null;
        public string? Link => LinkId;
    }

    /// <summary>Make sure a bridge exists even before any port needs it (e.g. for a tunnel).</summary>
    public sealed record EnsureBridge(BridgeSpec Bridge);

    /// <summary>Delete every bridge (shutdown); always answered with <see cref="Deletions"/>, failures included.</summary>
    public sealed record DeleteAll;

    /// <summary>
    /// Delete bridges no longer declared (a re-applied configuration), after their links left them;
    /// always answered with <see cref="Deletions"/>. A bridge needed again later is made anew.
    /// </summary>
    public sealed record DeleteBridges(IReadOnlyList<string> Names);

    private readonly TimeSpan _deleteTimeout;
    private readonly INetworkDriver _driver;
    private readonly Dictionary<string, IActorRef> _bridges = new();
    private long _remade;

    /// <param name="answerTimeout">How long a bridge may take to answer one request (<c>conlink.attach-timeout</c>).</param>
    public BridgeManager(INetworkDriver driver, TimeSpan answerTimeout)
    {
        _driver = driver;
        _deleteTimeout = answerTimeout;
        Receive<Attach>(m => BridgeFor(m.Bridge).Forward(new BridgeActor.Attach(m.Port, m.LinkId)));
        Receive<Detach>(m =>
        {
            if (_bridges.TryGetValue(m.Bridge.Name, out var bridge)) bridge.Forward(new BridgeActor.Detach(m.Port, m.LinkId));
            else Sender.Tell(new BridgeActor.Detached(m.LinkId));
        });
        Receive<EnsureBridge>(m => BridgeFor(m.Bridge));
        Receive<DeleteAll>(_ => DeleteAllAsync(_bridges.ToList(), _deleteTimeout).PipeTo(Sender));
        Receive<DeleteBridges>(m =>
        {
            var deleting = _bridges.Where(b => m.Names.Contains(b.Key)).ToList();
            foreach (var (name, _) in deleting) _bridges.Remove(name);
            var requester = Sender;
            DeleteAllAsync(deleting, _deleteTimeout).PipeTo(Self, success: d => new BridgesDeleted(deleting.Select(b => b.Value).ToList(), d, requester));
        });
        Receive<BridgesDeleted>(m =>
        {
            foreach (var bridge in m.Actors) Context.Stop(bridge);
            m.ReplyTo.Tell(m.Deletions);
        });
    }

    private sealed record BridgesDeleted(IReadOnlyList<IActorRef> Actors, Deletions Deletions, IActorRef ReplyTo);

    public static Props Props(INetworkDriver driver, TimeSpan answerTimeout) =>
        Akka.Actor.Props.Create(() => new BridgeManager(driver, answerTimeout));

    /// <summary>Asks every bridge to delete itself; one that does not answer in time is a failure, not a lost reply.</summary>
    private static Task<Deletions> DeleteAllAsync(IReadOnlyList<KeyValuePair<string, IActorRef>> bridges, TimeSpan timeout) =>
        Deletions.RunAsync(bridges, async b => (await b.Value.Ask<BridgeActor.Deleted>(new BridgeActor.Delete(), timeout).ConfigureAwait(false)).Bridge,
            b => $"bridge {b.Key}");

    private IActorRef BridgeFor(BridgeSpec spec)
    {
        if (_bridges.TryGetValue(spec.Name, out var existing)) return existing;
        // A bridge made again while its deleted actor has not stopped yet gets a name of its own.
        var name = Uri.EscapeDataString(spec.Name);
        if (!Context.Child(name).IsNobody()) name += "~" + ++_remade;
        var bridge = Context.ActorOf(BridgeActor.Props(spec, _driver.Bridge(spec)), name);
        _bridges[spec.Name] = bridge;
        return bridge;
    }
}
