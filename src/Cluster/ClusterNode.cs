using System.Net;
using Akka.Actor;
using Akka.Actor.Setup;
using Conlink.Actors.Ports;
using Conlink.Cluster.Membership;
using Conlink.Cluster.Messages;
using Conlink.Cluster.Security;

namespace Conlink.Cluster;

/// <summary>
/// This conlink as a member of the cluster: an Akka.Cluster actor system of its own (beside the
/// engine's), joined through the seeds, with the split-brain resolver of hocon/cluster.hocon. Every
/// membership change reaches <c>changed</c> as a <see cref="ClusterView"/>. When this member is
/// downed (it lost a partition) or its actor system ends for any other reason but a stop, it tells
/// the engine it is out of the cluster, waits a moment, and starts a new actor system that joins
/// again, through the other seeds only (so it never starts a cluster of its own beside the one it
/// was downed from). <see cref="StopAsync"/> leaves the cluster gracefully.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly ClusterMemberOptions _options;
    private readonly Action<ClusterView> _changed;
    private readonly Func<CancellationToken, Task<string>> _summary;
    private readonly Setup? _tls;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private ActorSystem _system;
    private IActorRef _listener = ActorRefs.Nobody;
    private ClusterView _view = ClusterView.NotJoined;
    private IReadOnlyDictionary<string, int> _spans;
    private int _incarnation;
    private bool _joinedThisIncarnation;

    private ClusterNode(ClusterMemberOptions options, Action<ClusterView> changed, Func<CancellationToken, Task<string>> summary, Setup? tls)
    {
        _options = options;
        _changed = changed;
        _summary = summary;
        _tls = tls;
        _spans = options.Spans;
        _system = StartSystem(options.Seeds);
    }

    /// <summary>This member's address, <c>akka.tcp://conlink@IP:PORT</c>.</summary>
    public string Address => ClusterHocon.AddressOf(_options.Bind, _tls is not null);

    public bool Authenticated => _tls is not null;

    /// <summary>The bridges this member spans now (name to VNI), as it announces them.</summary>
    public IReadOnlyDictionary<string, int> Spans
    {
        get { lock (_gate) return _spans; }
    }

    /// <summary>
    /// This member spans <paramref name="spans"/> from now on (an apply): the others learn it through
    /// the replicated span directory within seconds, and their flood entries follow.
    /// </summary>
    public void Announce(IReadOnlyDictionary<string, int> spans)
    {
        IActorRef listener;
        lock (_gate)
        {
            _spans = spans;
            listener = _listener;
        }
        listener.Tell(new MembershipListener.Announce(spans));
    }

    /// <summary>The cluster as this member sees it now.</summary>
    public ClusterView View
    {
        get { lock (_gate) return _view; }
    }

    /// <param name="changed">Called on every membership change (from an actor: keep it short).</param>
    /// <param name="summary">This member's status JSON, for other members' <c>conlink status --cluster</c>.</param>
    /// <exception cref="ClusterTlsException">The certificate file is not usable.</exception>
    public static ClusterNode Start(ClusterMemberOptions options, Action<ClusterView> changed, Func<CancellationToken, Task<string>> summary)
    {
        if (options.Bind.Address.Equals(IPAddress.Any) || options.Bind.Address.Equals(IPAddress.IPv6Any))
            throw new ArgumentException("the cluster address must be this host's underlay address, not a wildcard", nameof(options));
        Setup? tls = options.TlsCertificateFile is { } file ? ClusterTls.Setup(file, options.TlsCertificatePassword) : null;
        if (tls is null)
            options.Warning("cluster: membership is unauthenticated (no --cluster-tls-cert): anyone who reaches "
                + $"{options.Bind} can join and change this host's bridges; the underlay must be trusted");
        return new ClusterNode(options, changed, summary, tls);
    }

    /// <summary>Every member's status JSON, asked through the cluster; a member that does not answer in time gets an error entry.</summary>
    public async Task<IReadOnlyList<SummaryReply>> SummariesAsync(TimeSpan timeout)
    {
        var (system, view) = Current();
        var asks = view.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving && m.Reachable).Select(async m =>
        {
            try
            {
                var path = $"{m.Address}/user/{SummaryResponder.Name}";
                return await system.ActorSelection(path).Ask<SummaryReply>(new SummaryRequest(), timeout).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return new SummaryReply(m.Address, System.Text.Json.JsonSerializer.Serialize(new { error = $"no answer: {e.GetBaseException().Message}" }));
            }
        });
        return await Task.WhenAll(asks).ConfigureAwait(false);
    }

    /// <summary>Leaves the cluster (the others remove this member at once) and ends the actor system.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        var (system, _) = Current();
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).ConfigureAwait(false);
        await system.WhenTerminated.ConfigureAwait(false);
    }

    /// <summary>Ends the actor system without leaving (a crash, as far as the others can tell).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        var (system, _) = Current();
        await system.Terminate().ConfigureAwait(false);
        _stop.Dispose();
    }

    private (ActorSystem, ClusterView) Current()
    {
        lock (_gate) return (_system, _view);
    }

    private ActorSystem StartSystem(IReadOnlyList<IPEndPoint> seeds)
    {
        var incarnation = Interlocked.Increment(ref _incarnation);
        var hocon = ClusterHocon.For(_options, seeds, _tls is not null);
        var setups = new List<Setup> { BootstrapSetup.Create().WithConfig(hocon) };
        setups.AddRange(_options.Setups);
        if (_tls is not null) setups.Add(_tls);
        var system = ActorSystem.Create(ClusterHocon.SystemName, ActorSystemSetup.Create([.. setups]));
        var seedText = seeds.Count == 0 ? "no seeds" : string.Join(", ", seeds);
        var listener = system.ActorOf(MembershipListener.Props(view => OnChanged(incarnation, view), _options.Info, _options.Warning, seedText, Spans),
            "conlink-membership");
        system.ActorOf(SummaryResponder.Props(Address, _summary), SummaryResponder.Name);
        lock (_gate) _listener = listener;
        _options.Info($"cluster: member {Address}{(_tls is null ? "" : " (mutual TLS)")}, joining through {seedText}");
        system.WhenTerminated.ContinueWith(_ => OnTerminated(incarnation), TaskScheduler.Default);
        return system;
    }

    private void OnChanged(int incarnation, ClusterView view)
    {
        lock (_gate)
        {
            if (incarnation != _incarnation) return;
            _view = view;
            _joinedThisIncarnation |= view.Joined;
        }
        _changed(view);
    }

    private async Task OnTerminated(int incarnation)
    {
        if (_stop.IsCancellationRequested || incarnation != Volatile.Read(ref _incarnation)) return;
        bool wasJoined;
        lock (_gate)
        {
            wasJoined = _joinedThisIncarnation;
            _joinedThisIncarnation = false;
            _view = ClusterView.NotJoined;
        }
        var delay = $"{_options.RestartDelay.TotalSeconds:0.#} s";
        // Akka.Remote ends the actor system when a TLS handshake fails (say, a peer from another CA): it is started again.
        _options.Warning(wasJoined
            ? $"cluster: this member left the cluster (downed, or its actor system ended); spanned bridges reach nobody until it rejoins in {delay}"
            : $"cluster: the member's actor system ended before it joined (see the lines above); trying again in {delay}");
        _changed(ClusterView.NotJoined);
        try
        {
            await Task.Delay(_options.RestartDelay, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        // Rejoin through the others only: alone, this member would found a second cluster.
        var others = _options.Seeds.Where(s => !s.Equals(_options.Bind)).ToList();
        var system = StartSystem(others.Count > 0 ? others : _options.Seeds);
        lock (_gate) _system = system;
    }
}
