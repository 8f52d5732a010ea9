using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Conlink.Actors.Ports;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;
using MemberStatus = Conlink.Actors.Ports.MemberStatus;

namespace Conlink.Cluster.Membership;

/// <summary>
/// Follows Akka.Cluster's membership and reachability events and the replicated
/// <see cref="SpanDirectory"/> (which bridges each member spans), keeps the members as this member
/// sees them, and on every change hands a new <see cref="ClusterView"/> to the engine and logs one
/// line. It announces this member's own spans in the directory (at start and on every
/// <see cref="Announce"/>, that is every apply), and removes a removed member's entry. While this
/// member has not joined it says, every few seconds, that it is waiting for its seeds.
/// </summary>
public sealed class MembershipListener : ReceiveActor, IWithTimers
{
    /// <summary>Asks for the current view (status); answered with a <see cref="ClusterView"/>.</summary>
    public sealed record GetView;

    /// <summary>This member spans these bridges (name to VNI) now: tell the cluster.</summary>
    public sealed record Announce(IReadOnlyDictionary<string, int> Spans);

    private sealed record StillWaiting;

    /// <summary>An announcement that has not reached every member in this long spreads by gossip instead.</summary>
    private static readonly WriteAll AnnounceConsistency = new(TimeSpan.FromSeconds(3));

    private static readonly TimeSpan WaitingInterval = TimeSpan.FromSeconds(5);

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly Dictionary<UniqueAddress, Member> _members = new();
    private readonly HashSet<UniqueAddress> _unreachable = new();
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    /// <summary>Every member's spans as the directory says, by <see cref="SpanDirectory.MemberKey"/>.</summary>
    private IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> _spans = new Dictionary<string, IReadOnlyDictionary<string, int>>();
    private IReadOnlyDictionary<string, int> _own;
    private readonly Action<ClusterView> _changed;
    private readonly Action<string> _info;
    private readonly string _seeds;
    private ClusterView _view = ClusterView.NotJoined;

    public MembershipListener(Action<ClusterView> changed, Action<string> info, Action<string> warning, string seeds, IReadOnlyDictionary<string, int> spans)
    {
        _changed = changed;
        _info = info;
        _seeds = seeds;
        _own = spans;
        Receive<Announce>(m =>
        {
            _own = m.Spans;
            WriteOwn();
        });
        Receive<Changed>(c => c.Key.Equals(SpanDirectory.Key), c => OnSpans(c.Get(SpanDirectory.Key)));
        Receive<UpdateSuccess>(_ => { });
        // Applied here, and spread by gossip within a gossip interval.
        Receive<UpdateTimeout>(_ => { });
        Receive<IUpdateFailure>(f => warning($"cluster: the span directory refused an update: {f}"));
        Receive<ClusterEvent.IMemberEvent>(OnMember);
        Receive<ClusterEvent.UnreachableMember>(m =>
        {
            _unreachable.Add(m.Member.UniqueAddress);
            Changed($"member {m.Member.Address} is unreachable");
        });
        Receive<ClusterEvent.ReachableMember>(m =>
        {
            _unreachable.Remove(m.Member.UniqueAddress);
            Changed($"member {m.Member.Address} is reachable again");
        });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<StillWaiting>(_ =>
        {
            if (_view.Joined) Timers.Cancel("waiting");
            else _info($"cluster: waiting to join through {_seeds} (no seed has answered yet; it keeps trying)");
        });
        Receive<GetView>(_ => Sender.Tell(_view));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="spans">The bridges this member spans at start (name to VNI).</param>
    public static Props Props(Action<ClusterView> changed, Action<string> info, Action<string> warning, string seeds, IReadOnlyDictionary<string, int> spans) =>
        Akka.Actor.Props.Create(() => new MembershipListener(changed, info, warning, seeds, spans));

    private string SelfKey => SpanDirectory.MemberKey(_cluster.SelfUniqueAddress);

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        _replicator.Tell(Dsl.Subscribe(SpanDirectory.Key, Self));
        if (_own.Count > 0) Self.Tell(new Announce(_own));
        Timers.StartPeriodicTimer("waiting", new StillWaiting(), WaitingInterval);
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        _replicator.Tell(Dsl.Unsubscribe(SpanDirectory.Key, Self));
    }

    private void WriteOwn() => Write(AnnounceConsistency, d => _own.Count == 0
        ? d.Remove(_cluster.SelfUniqueAddress, SelfKey)
        : d.SetItems(_cluster.SelfUniqueAddress, SelfKey, SpanDirectory.Encode(_own)));

    private void Write(IWriteConsistency consistency, Func<ORMultiValueDictionary<string, string>, ORMultiValueDictionary<string, string>> modify) =>
        _replicator.Tell(Dsl.Update(SpanDirectory.Key, ORMultiValueDictionary<string, string>.Empty, consistency, modify));

    private void OnSpans(ORMultiValueDictionary<string, string> data)
    {
        var before = _spans;
        _spans = SpanDirectory.Read(data);
        var changes = new List<string>();
        foreach (var m in _members.Values)
        {
            var key = SpanDirectory.MemberKey(m.UniqueAddress);
            var now = SpansOf(key);
            var was = before.TryGetValue(key, out var old) ? old : Empty;
            if (Same(now, was)) continue;
            changes.Add($"member {m.Address} spans {(now.Count == 0 ? "no bridge" : string.Join(", ", now.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} (vni {s.Value})")))}");
        }
        if (changes.Count > 0) Changed(string.Join("; ", changes));
        // This member's entry is its own to say. A merge can lose it (seen when a member came back
        // on the address of one the others were removing at that moment: its entry was gone and it
        // was never given flood entries again), so whenever the directory disagrees, say it again.
        // Only a change away from what it had said counts: before its own write lands, the directory
        // may still show the old entry.
        var had = before.TryGetValue(SelfKey, out var mine) ? mine : Empty;
        if (Same(had, _own) && !Same(SpansOf(SelfKey), _own))
        {
            _info(_own.Count == 0
                ? "cluster: the span directory shows bridges for this member, which spans none; removing its entry again"
                : $"cluster: the span directory lost this member's entry (spans {string.Join(", ", _own.Keys.Order(StringComparer.Ordinal))}); announcing it again");
            WriteOwn();
        }
    }

    private static bool Same(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b) =>
        a.Count == b.Count && a.All(s => b.TryGetValue(s.Key, out var vni) && vni == s.Value);

    private static readonly IReadOnlyDictionary<string, int> Empty = new Dictionary<string, int>();

    private IReadOnlyDictionary<string, int> SpansOf(string key) => _spans.TryGetValue(key, out var spans) ? spans : Empty;

    private void OnMember(ClusterEvent.IMemberEvent e)
    {
        var member = e.Member;
        if (e is ClusterEvent.MemberRemoved)
        {
            _members.Remove(member.UniqueAddress);
            _unreachable.Remove(member.UniqueAddress);
            // Its entry goes too (every member does this; removing twice is harmless).
            if (member.UniqueAddress != _cluster.SelfUniqueAddress)
                Write(WriteLocal.Instance, d => d.Remove(_cluster.SelfUniqueAddress, SpanDirectory.MemberKey(member.UniqueAddress)));
        }
        else
        {
            // A new incarnation (restarted on the same address) replaces the old one.
            foreach (var old in _members.Keys.Where(k => k.Address == member.Address && k.Uid != member.UniqueAddress.Uid).ToList())
            {
                _members.Remove(old);
                _unreachable.Remove(old);
            }
            _members[member.UniqueAddress] = member;
        }
        var spans = SpansOf(SpanDirectory.MemberKey(member.UniqueAddress));
        var what = e is ClusterEvent.MemberRemoved ? "removed" : Status(member.Status).ToString().ToLowerInvariant();
        Changed($"member {member.Address} is {what}" + (spans.Count > 0 ? $" (spans {string.Join(", ", spans.Keys.Order(StringComparer.Ordinal))})" : ""));
    }

    private void Changed(string what)
    {
        var self = _cluster.SelfUniqueAddress;
        var members = _members.Values.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).Select(m => new ClusterMember(
            m.Address.ToString(),
            IPAddress.TryParse(m.Address.Host, out var host) ? host : IPAddress.None,
            Status(m.Status),
            !_unreachable.Contains(m.UniqueAddress),
            m.UniqueAddress == self,
            SpansOf(SpanDirectory.MemberKey(m.UniqueAddress)))).ToImmutableList();
        var joined = _members.TryGetValue(self, out var me) && me.Status is AkkaMemberStatus.Up or AkkaMemberStatus.WeaklyUp or AkkaMemberStatus.Leaving;
        _view = new ClusterView(members, joined);
        _info($"cluster: {what}; {members.Count(m => m.State == "up")} of {members.Count} member(s) up");
        _changed(_view);
    }

    internal static MemberStatus Status(AkkaMemberStatus status) => status switch
    {
        AkkaMemberStatus.Joining => MemberStatus.Joining,
        AkkaMemberStatus.WeaklyUp => MemberStatus.WeaklyUp,
        AkkaMemberStatus.Up => MemberStatus.Up,
        AkkaMemberStatus.Leaving => MemberStatus.Leaving,
        AkkaMemberStatus.Exiting => MemberStatus.Exiting,
        AkkaMemberStatus.Down => MemberStatus.Down,
        _ => MemberStatus.Removed,
    };
}
