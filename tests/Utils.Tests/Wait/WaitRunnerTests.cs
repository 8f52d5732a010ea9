using Conlink.Utils.Wait;

namespace Conlink.Utils.Tests.Wait;

public class WaitRunnerTests
{
    private readonly StringWriter _log = new();

    [Fact]
    public void A_condition_is_rechecked_after_each_retry_interval_until_it_holds()
    {
        var system = new FakeWaitSystem().FailsTimes("file /ready", 2);

        Run(system, [new FileExists("/ready")]);

        Assert.Equal(["file /ready", "sleep 1", "file /ready", "sleep 1", "file /ready"], system.Events);
    }

    [Fact]
    public void A_condition_that_already_holds_costs_one_check_and_no_sleep()
    {
        var system = new FakeWaitSystem();

        Run(system, [new InterfaceExists("eth0")]);

        Assert.Equal(["interface eth0"], system.Events);
    }

    [Fact]
    public void Conditions_are_awaited_strictly_in_order()
    {
        var system = new FakeWaitSystem().FailsTimes("interface eth0", 1).FailsTimes("tcp web:80", 1);

        Run(system, [new InterfaceExists("eth0"), new InterfaceHasRoute("eth0"), new TcpPortAccepts("web", 80), new CommandSucceeds("true")]);

        Assert.Equal(
            ["interface eth0", "sleep 1", "interface eth0", "route eth0", "tcp web:80", "sleep 1", "tcp web:80", "command true"],
            system.Events);
    }

    [Fact]
    public void A_new_retry_interval_applies_to_the_conditions_after_it_only()
    {
        var system = new FakeWaitSystem().FailsTimes("file /a", 1).FailsTimes("file /b", 1);

        Run(system, [new FileExists("/a"), new SetRetryInterval(TimeSpan.FromSeconds(0.25)), new FileExists("/b")]);

        Assert.Equal(["file /a", "sleep 1", "file /a", "file /b", "sleep 0.25", "file /b"], system.Events);
    }

    [Fact]
    public void The_initial_retry_interval_comes_from_the_caller()
    {
        var system = new FakeWaitSystem().FailsTimes("file /a", 1);

        new WaitRunner(system, _log).Run([new FileExists("/a")], TimeSpan.FromSeconds(3));

        Assert.Contains("sleep 3", system.Events);
    }

    [Fact]
    public void Umask_step_sets_the_mask_in_its_place()
    {
        var system = new FakeWaitSystem();

        Run(system, [new FileExists("/a"), new SetUmask((UnixFileMode)Convert.ToInt32("027", 8)), new FileExists("/b")]);

        Assert.Equal(["file /a", "umask 27", "file /b"], system.Events);
    }

    [Fact]
    public void What_is_awaited_is_reported_once_however_many_retries_then_what_was_reached()
    {
        var system = new FakeWaitSystem().FailsTimes("file /ready", 5);

        Run(system, [new FileExists("/ready")]);

        Assert.Equal(
            ["wait: waiting for file '/ready' to exist (checking every 1s)", "wait: file '/ready' exists"],
            _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private void Run(FakeWaitSystem system, IReadOnlyList<WaitStep> steps) =>
        new WaitRunner(system, _log).Run(steps, WaitRunner.DefaultRetryInterval);
}
