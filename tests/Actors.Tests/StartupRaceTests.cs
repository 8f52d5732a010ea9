using Akka.Actor;
using Conlink.Actors.Status;
using Conlink.Actors.Tests.Fakes;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>
/// Containers that start while conlink itself starts: the watcher subscribes to events first and
/// lists second, so a start is never lost between the two, and one seen by both is built once.
/// </summary>
public sealed class StartupRaceTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = WARNING")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    /// <summary>Where, against conlink's own startup, the late container starts.</summary>
    private enum Moment
    {
        /// <summary>After the subscription, before the list: it is listed and is an event.</summary>
        BetweenSubscriptionAndList,
        /// <summary>After the list was taken: only its event tells.</summary>
        AfterTheList,
        /// <summary>Whenever the test thread gets to it, racing the watcher.</summary>
        Racing,
    }

    [Fact]
    public void A_container_that_starts_while_conlink_starts_is_wired_once_in_100_seeded_races()
    {
        var random = new Random(20261202);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var moment = (Moment)random.Next(3);
            var engine = new EngineHarness();
            engine.Runtime.Existing("early");
            void StartLate() => engine.Runtime.Start("late");
            if (moment == Moment.BetweenSubscriptionAndList) engine.Runtime.AfterSubscribe = Once(StartLate);
            if (moment == Moment.AfterTheList) engine.Runtime.AfterList = Once(StartLate);

            engine.Start(this, TestPlans.VethPerContainer("eth0"), name: $"conlink-{iteration}", joinShutdown: false);
            if (moment == Moment.Racing)
            {
                Thread.SpinWait(random.Next(20_000));
                StartLate();
            }

            AwaitAssert(() =>
            {
                var status = engine.Status(this);
                Assert.True(status.AllReady, $"iteration {iteration} ({moment}): not all ready: "
                    + string.Join(", ", status.Links.Select(l => $"{l.Id}={l.State}")));
                Assert.Equal(["early:eth0", "late:eth0"], status.Links.Select(l => l.Id).Order(StringComparer.Ordinal));
            }, Wait);
            Assert.Single(engine.Network.Operations, o => o.StartsWith("apply late:eth0 ", StringComparison.Ordinal));
            Assert.Single(engine.Network.Operations, o => o.StartsWith("apply early:eth0 ", StringComparison.Ordinal));

            Watch(engine.Supervisor);
            Sys.Stop(engine.Supervisor);
            ExpectTerminated(engine.Supervisor, Wait);
        }
    }

    private static Action Once(Action action)
    {
        var done = 0;
        return () =>
        {
            if (Interlocked.Exchange(ref done, 1) == 0) action();
        };
    }
}
