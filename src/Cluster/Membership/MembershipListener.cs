using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Conlink.Actors.Ports;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;
using MemberStatus = Conlink.Actors.Ports.MemberStatus;

namespace Conlink.Cluster.Membership;

/// <summary>
/// Follows Akka.Cluster's membership and reachability events, keeps the members as this member sees
/// them, and on every change hands a new <see cref="ClusterView"/> to the engine and logs one line.
/// While this member has not joined it says, every few seconds, that it is waiting for its seeds.
/// </summary>
public sealed class MembershipListener : ReceiveActor, IWithTimers
{
    /// <summary>Asks for the current view (status); answered with a <see cref="ClusterView"/>.</summary>
    public sealed record GetView;

    private sealed record StillWaiting;

    private static readonly TimeSpan WaitingInterval = TimeSpan.FromSeconds(5);

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly Dictionary<UniqueAddress, Member> _members = new();
    private readonly HashSet<UniqueAddress> _unreachable = new();
    private readonly Action<ClusterView> _changed;
    private readonly Action<string> _info;
    private readonly string _seeds;
    private ClusterView _view = ClusterView.NotJoined;

    public MembershipListener(Action<ClusterView> changed, Action<string> info, string seeds)
    {
        _changed = changed;
        _info = info;
        _seeds = seeds;
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

    public static Props Props(Action<ClusterView> changed, Action<string> info, string seeds) =>
        Akka.Actor.Props.Create(() => new MembershipListener(changed, info, seeds));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer("waiting", new StillWaiting(), WaitingInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void OnMember(ClusterEvent.IMemberEvent e)
    {
        var member = e.Member;
        if (e is ClusterEvent.MemberRemoved)
        {
            _members.Remove(member.UniqueAddress);
            _unreachable.Remove(member.UniqueAddress);
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
        var spans = ClusterHocon.SpansOf(member.Roles);
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
            ClusterHocon.SpansOf(m.Roles))).ToImmutableList();
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
