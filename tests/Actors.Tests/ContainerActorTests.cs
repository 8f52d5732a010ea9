using Akka.Actor;
using Conlink.Actors.Containers;
using Conlink.Actors.Tests.Fakes;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>One container's actor on its own: what it leaves behind when it stops.</summary>
public sealed class ContainerActorTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = INFO")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public void An_actor_stopped_while_its_links_are_being_built_closes_the_container_network_once_the_build_ends()
    {
        var driver = new FakeNetworkDriver();
        var runtime = new FakeContainerRuntime();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        driver.Gates["h1:eth0"] = gate;
        var container = runtime.Existing("h1");
        var actor = Sys.ActorOf(ContainerActor.Props(container.Id, driver, CreateTestProbe().Ref, CreateTestProbe().Ref, Wait));
        Watch(actor);

        actor.Tell(new ContainerActor.Start(TestPlans.VethPerContainer("eth0")(container), runtime));
        AwaitAssert(() => Assert.Contains("apply h1:eth0 pid " + container.Pid, driver.Operations), Wait);
        Sys.Stop(actor);
        ExpectTerminated(actor, Wait);

        AwaitAssert(() => Assert.Contains("close h1", driver.Operations), Wait);
        Assert.Single(driver.Operations, o => o == "close h1");
    }
}
