using Akka.Actor;
using Akka.Event;
using Conlink.Actors.Tracing;
using Conlink.Config.Model;

namespace Conlink.Actors.Status;

/// <summary>
/// Knows every expected link (planned links of running matched containers, of matched containers
/// that are created but not started yet, see <see cref="ExpectedLinks"/>, plus tunnels) and its
/// state. Logs <c>All links connected</c> each time the expected set becomes fully ready, but only
/// once every container runtime has listed its running and created containers, so it never fires
/// early: during <c>docker compose up</c> it waits for the containers compose made and has yet to start.
/// </summary>
public sealed class StatusTracker : TracedActor
{
    public const string AllConnected = "All links connected";

    /// <summary>The links <paramref name="Owner"/> (a container name, or "tunnels") will build.</summary>
    public sealed record Expect(string Owner, IReadOnlyList<LinkStatus> Links) : ITraced
    {
        public string? Container => Owner;
    }

    /// <summary>
    /// A re-applied configuration changed the owner's links: links that stay keep their state (and
    /// take the new address, MAC, attachment and netem), links in <paramref name="Remade"/> and new
    /// ones start planned, and links that are gone are no longer expected.
    /// </summary>
    public sealed record Revise(string Owner, IReadOnlyList<LinkStatus> Links, IReadOnlySet<string> Remade) : ITraced
    {
        public string? Container => Owner;
    }

    /// <summary>The owner is gone (container died): its links are no longer expected.</summary>
    public sealed record Forget(string Owner) : ITraced
    {
        public string? Container => Owner;
    }

    public sealed record Update(string Owner, string LinkId, LinkState State, string? Reason = null) : ITraced
    {
        public string? Container => Owner;
        public string? Link => LinkId;
    }

    /// <summary>A runtime has listed every running container; until all have, nothing counts as "all".</summary>
    public sealed record SyncComplete(string Runtime);

    /// <summary>The user's override of a link changed (down/up, netem); shown in the status with since-when.</summary>
    public sealed record Overridden(string Owner, string LinkId, Control.LinkOverride Override) : ITraced
    {
        public string? Container => Owner;
        public string? Link => LinkId;
    }

    /// <summary>
    /// The container manager lost its state and the runtimes list again: forget every container's
    /// links (tunnels stay) until the runtimes have listed them anew.
    /// </summary>
    public sealed record Resyncing(IReadOnlyList<string> Runtimes);

    public sealed record GetStatus;

    public sealed record Snapshot(IReadOnlyList<LinkStatus> Links, bool Synced, bool AllReady);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _pendingRuntimes;
    private readonly Dictionary<string, LinkStatus> _links = new();
    private readonly TimeSpan _progressInterval;
    private int _ready;
    private bool _announced;
    private DateTimeOffset _lastProgress = DateTimeOffset.MinValue;
    private (int Ready, int Failed, int Expected) _lastLogged;

    /// <param name="known">Links expected from the start, whatever the runtimes list (the configured tunnels).</param>
    public StatusTracker(IEnumerable<string> runtimes, IEnumerable<LinkStatus> known, TimeSpan progressInterval)
    {
        _pendingRuntimes = new HashSet<string>(runtimes);
        _progressInterval = progressInterval;
        foreach (var link in known) Set(link);

        Receive<Expect>(m =>
        {
            RemoveOwner(m.Owner);
            foreach (var link in m.Links) Set(link);
            Evaluate();
        });
        Receive<Revise>(m =>
        {
            var kept = _links.Values.Where(l => l.Owner == m.Owner).ToDictionary(l => l.Id);
            RemoveOwner(m.Owner);
            foreach (var link in m.Links)
                Set(kept.TryGetValue(link.Id, out var old) && !m.Remade.Contains(link.Id)
                    ? link with { State = old.State, Reason = old.Reason, Since = old.Since }
                    : link);
            Evaluate();
        });
        Receive<Forget>(m =>
        {
            RemoveOwner(m.Owner);
            Evaluate();
        });
        Receive<Update>(m =>
        {
            if (!_links.TryGetValue(m.LinkId, out var current) || current.Owner != m.Owner) return;
            Set(current with { State = m.State, Reason = m.Reason, Since = DateTimeOffset.UtcNow });
            Evaluate();
        });
        Receive<Overridden>(m =>
        {
            if (!_links.TryGetValue(m.LinkId, out var current) || current.Owner != m.Owner) return;
            Set(WithOverride(current, m.Override));
        });
        Receive<SyncComplete>(m =>
        {
            _pendingRuntimes.Remove(m.Runtime);
            Evaluate();
        });
        Receive<Resyncing>(m =>
        {
            foreach (var owner in _links.Values.Where(l => !l.Id.StartsWith(TunnelSpec.LinkIdPrefix, StringComparison.Ordinal) && !l.Id.StartsWith(ClusterSpan.LinkIdPrefix, StringComparison.Ordinal)).Select(l => l.Owner).Distinct().ToList())
                RemoveOwner(owner);
            _pendingRuntimes.UnionWith(m.Runtimes);
            Evaluate();
        });
        Receive<GetStatus>(_ => Sender.Tell(new Snapshot(
            _links.Values.OrderBy(l => l.Owner, StringComparer.Ordinal).ThenBy(l => l.Dev, StringComparer.Ordinal).ToList(),
            _pendingRuntimes.Count == 0, _announced)));
    }

    public static Props Props(IEnumerable<string> runtimes, IEnumerable<LinkStatus> known, TimeSpan? progressInterval = null) =>
        Akka.Actor.Props.Create(() => new StatusTracker(runtimes, known, progressInterval ?? TimeSpan.FromSeconds(1)));

    /// <summary>A link's status with the user's override shown on it.</summary>
    public static LinkStatus WithOverride(LinkStatus link, Control.LinkOverride o) => link with
    {
        UserDown = o.Down,
        NetemOverride = o.Netem?.Text,
        OverriddenSince = o.Since,
    };

    /// <summary>Ready, or held down by the user: either way as expected, not broken.</summary>
    private static bool IsSettledWell(LinkState state) => state is LinkState.Ready or LinkState.Down;

    private void Set(LinkStatus link)
    {
        if (_links.TryGetValue(link.Id, out var old) && IsSettledWell(old.State)) _ready--;
        _links[link.Id] = link;
        if (IsSettledWell(link.State)) _ready++;
    }

    private void RemoveOwner(string owner)
    {
        foreach (var link in _links.Values.Where(l => l.Owner == owner).ToList())
        {
            _links.Remove(link.Id);
            if (IsSettledWell(link.State)) _ready--;
        }
    }

    private void Evaluate()
    {
        var allReady = _pendingRuntimes.Count == 0 && _links.Count > 0 && _ready == _links.Count;
        if (allReady && !_announced)
        {
            _log.Info("links ready: {0}/{0}", _links.Count);
            LogSummary(0);
            _log.Info(AllConnected);
            _lastProgress = DateTimeOffset.UtcNow;
        }
        else if (!allReady && _links.Count > 0)
        {
            var failed = _links.Values.Count(l => l.State == LinkState.Failed);
            var progress = (_ready, failed, _links.Count);
            // Where bring-up ends short of "all", say so then, not only when the interval next allows.
            var settled = _ready + failed == _links.Count && progress != _lastLogged;
            if (settled || DateTimeOffset.UtcNow - _lastProgress >= _progressInterval)
            {
                _lastProgress = DateTimeOffset.UtcNow;
                _lastLogged = progress;
                _log.Info("links ready: {0}/{1}{2}", _ready, _links.Count, failed > 0 ? $" ({failed} failed)" : "");
                if (settled) LogSummary(failed);
            }
        }
        _announced = allReady;
    }

    /// <summary>Where bring-up settled: "links: 5 connected, 1 degraded, 1 failed" (degraded links are among the connected).</summary>
    private void LogSummary(int failed) =>
        _log.Info("links: {0} connected, {1} degraded, {2} failed", _ready, _links.Values.Count(l => l.Degraded), failed);
}
