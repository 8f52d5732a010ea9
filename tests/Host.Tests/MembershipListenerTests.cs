using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.DistributedData;
using Conlink.Actors.Ports;
using Conlink.Cluster;
using Conlink.Cluster.Membership;

namespace Conlink.Host.Tests;

/// <summary>The membership listener of a real one-member cluster on loopback, with its real replicated span directory.</summary>
public sealed class MembershipListenerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<ClusterView> _views = new();
    private readonly ConcurrentQueue<string> _log = new();
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        var bind = new IPEndPoint(IPAddress.Loopback, FreePort());
        var options = new ClusterMemberOptions
        {
            Bind = bind,
            Seeds = [bind],
            Spans = new Dictionary<string, int>(),
            Info = _log.Enqueue,
            Warning = _log.Enqueue,
        };
        _system = ActorSystem.Create(ClusterHocon.SystemName, ClusterHocon.For(options, options.Seeds, tls: false));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    [Fact]
    public async Task A_member_whose_span_entry_is_lost_from_the_directory_announces_it_again()
    {
        var spans = new Dictionary<string, int> { ["s1"] = 4242 };
        _system.ActorOf(MembershipListener.Props(_views.Enqueue, _log.Enqueue, _log.Enqueue, "itself", spans), "conlink-membership");
        await SelfSpansAsync(spans);

        // What a merge did on a member that came back while the others removed its old incarnation.
        var cluster = Akka.Cluster.Cluster.Get(_system);
        var self = SpanDirectory.MemberKey(cluster.SelfUniqueAddress);
        DistributedData.Get(_system).Replicator.Tell(Dsl.Update(SpanDirectory.Key, ORMultiValueDictionary<string, string>.Empty,
            WriteLocal.Instance, d => d.Remove(cluster.SelfUniqueAddress, self)));

        await SelfSpansAsync(spans, after: v => v.Members.Single(m => m.IsSelf).Spans.Count == 0);
        Assert.Contains(_log, l => l.Contains("lost this member's entry (spans s1); announcing it again", StringComparison.Ordinal));
    }

    /// <summary>Waits for a view in which this member is up and spans <paramref name="spans"/> (after one matching <paramref name="after"/>, if given).</summary>
    private async Task SelfSpansAsync(IReadOnlyDictionary<string, int> spans, Func<ClusterView, bool>? after = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        var seenAfter = after is null;
        var views = new List<ClusterView>();
        while (DateTime.UtcNow < deadline)
        {
            while (_views.TryDequeue(out var view))
            {
                views.Add(view);
                if (!seenAfter) { seenAfter = after!(view); continue; }
                if (view.Joined && view.Members.SingleOrDefault(m => m.IsSelf) is { } me
                    && me.Spans.Count == spans.Count && spans.All(s => me.Spans.TryGetValue(s.Key, out var vni) && vni == s.Value))
                    return;
            }
            await Task.Delay(20);
        }
        Assert.Fail($"this member never spanned {string.Join(", ", spans.Keys)}{(seenAfter ? "" : " (nor lost its entry)")}; log:\n{string.Join('\n', _log)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
