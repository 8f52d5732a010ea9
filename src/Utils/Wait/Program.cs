using Conlink.Utils;
using Conlink.Utils.Wait;

return ToolMain.Run("wait", WaitArguments.Usage, () =>
{
    var plan = WaitArguments.Parse(args);
    if (plan.HelpRequested)
    {
        Console.Out.Write(WaitArguments.Usage);
        return 0;
    }

    var retryInterval = Environment.GetEnvironmentVariable("WAIT_SLEEP") is { Length: > 0 } waitSleep
        ? WaitArguments.ParseSeconds(waitSleep, "WAIT_SLEEP")
        : WaitRunner.DefaultRetryInterval;

    new WaitRunner(new LinuxWaitSystem(), Console.Error).Run(plan.Steps, retryInterval);
    return CommandHandoff.Run("wait", plan.Command, Console.Error);
});
