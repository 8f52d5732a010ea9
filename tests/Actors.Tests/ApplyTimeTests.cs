using Akka.Actor;
using Conlink.Actors.Containers;
using Conlink.Actors.Engine;
using Conlink.Actors.Tests.Fakes;
using Conlink.Actors.Status;
using Conlink.Config.Model;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>An apply has a time of its own: whoever asked gets an answer within it, naming what did not finish.</summary>
public sealed class ApplyTimeTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = INFO")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly EngineHarness _engine = new();

    [Fact]
    public async Task A_container_that_does_not_finish_in_time_is_named_and_the_others_changes_are_made()
    {
        _engine.Start(this, TestPlans.VethPerContainer("eth0"));
        _engine.Runtime.Start("h1");
        _engine.Runtime.Start("h2");
        AwaitAssert(() => Assert.True(_engine.Status(this).AllReady && _engine.Status(this).Links.Count == 2), Wait);
        var stuck = new TaskCompletionSource();
        _engine.Network.Gates["h2:eth1"] = stuck;
        var started = DateTime.UtcNow;

        var reply = await _engine.Supervisor.Ask<ContainerManager.Replanned>(
            new ConlinkSupervisor.ApplyConfig(NetworkConfig.Empty, TestPlans.VethPerContainer("eth0", "eth1"), DryRun: false, TimeSpan.FromSeconds(1)), Wait);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4), $"answered after {DateTime.UtcNow - started}");
        Assert.False(reply.Result.Succeeded);
        Assert.Contains("h2: not finished within 1 s; it goes on in the background", reply.Result.Message);
        Assert.DoesNotContain("h1:", reply.Result.Message);
        Assert.True(_engine.Network.Links.ContainsKey("h1:eth1"));

        stuck.SetResult();
        AwaitAssert(() => Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h2:eth1").State), Wait);
    }
}
