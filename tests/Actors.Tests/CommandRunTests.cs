using Akka.Actor;
using Conlink.Actors.Containers;
using Conlink.Actors.Ports;
using Conlink.Actors.Tests.Fakes;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Testing;

namespace Conlink.Actors.Tests;

/// <summary>
/// Commands run in a container cannot hurt conlink: one that never exits is logged as still
/// running, does not hold up the container's later commands, and is no longer followed once the
/// container stops; its output is logged at debug only.
/// </summary>
public sealed class CommandRunTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = DEBUG")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static CommandSpec Argv(params string[] argv) => new() { Container = "h1", Command = argv };

    private static async Task<ExecResult> Run(IReadOnlyList<string> argv, CancellationToken ct)
    {
        if (argv[0] == "serve") await Task.Delay(Timeout.Infinite, ct);
        return new ExecResult(0, ["secret output of " + argv[0]]) { OmittedBytes = argv[0] == "yes" ? 12345 : 0 };
    }

    private (IActorRef Actor, ContainerIdentity Container, FakeContainerRuntime Runtime) StartWith(params CommandSpec[] commands)
    {
        var driver = new FakeNetworkDriver();
        var runtime = new FakeContainerRuntime { Exec = Run };
        var container = runtime.Existing("h1");
        var actor = Sys.ActorOf(ContainerActor.Props(container.Id, driver, CreateTestProbe().Ref, CreateTestProbe().Ref, Wait,
            commandNotice: TimeSpan.FromMilliseconds(200)));
        actor.Tell(new ContainerActor.Start(new ContainerPlan(container, [], commands), runtime));
        return (actor, container, runtime);
    }

    [Fact]
    public void A_command_that_never_exits_is_logged_as_still_running_and_later_commands_run_meanwhile()
    {
        EventFilter.Info(contains: "h1: command serve 80 still running after").Expect(2, Wait, () =>
            EventFilter.Info(contains: "h1: command touch /ready exited with 0").ExpectOne(Wait, () =>
                StartWith(Argv("serve", "80"), Argv("touch", "/ready"))));
    }

    [Fact]
    public void A_command_still_running_when_the_container_stops_is_no_longer_followed()
    {
        var (actor, _, _) = StartWith(Argv("serve", "80"));
        EventFilter.Info(contains: "still running").ExpectOne(Wait, () => { });

        EventFilter.Info(contains: "h1: command serve 80 no longer followed: the container stopped").ExpectOne(Wait,
            () => actor.Tell(new ContainerActor.Stop("h1")));
    }

    [Fact]
    public void Command_output_is_logged_at_debug_only_with_what_was_not_kept()
    {
        EventFilter.Info(contains: "secret output").Expect(0, TimeSpan.FromSeconds(2), () =>
            EventFilter.Debug(contains: "h1: (12345 more bytes of output not kept)").ExpectOne(Wait, () =>
                EventFilter.Debug(contains: "h1: secret output of yes").ExpectOne(Wait, () => StartWith(Argv("yes")))));
    }
}
