using Conlink.Actors.Status;
using Conlink.Actors.Tests.Fakes;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>When a link's port forwards are added: only once the link is attached to its bridge.</summary>
public sealed class ForwardOrderTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = WARNING")
{
    private readonly EngineHarness _engine = new();

    [Fact]
    public void Forwards_are_added_after_the_link_is_attached_to_its_bridge()
    {
        _engine.Start(this, c => new ContainerPlan(c,
            [TestPlans.Veth(c, "eth0") with { Forward = [new ForwardSpec(8080, 80, ForwardProtocol.Tcp)] }, TestPlans.Veth(c, "eth1", 1)], []));
        _engine.Runtime.Start("h1");

        AwaitAssert(() => Assert.Equal(LinkState.Ready, _engine.LinkStatus(this, "h1:eth1").State), TimeSpan.FromSeconds(5));

        Assert.Equal(["apply h1:eth0", "attach s1 h1-eth0", "forwards h1:eth0", "apply h1:eth1", "attach s1 h1-eth1"],
            _engine.Network.Operations.Where(o => o.StartsWith("apply", StringComparison.Ordinal) || o.StartsWith("attach", StringComparison.Ordinal)
                || o.StartsWith("forwards", StringComparison.Ordinal)).Select(o => o.Split(" pid ")[0]).ToList());
    }
}
