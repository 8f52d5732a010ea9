using System.Globalization;

namespace Conlink.Utils.Wait;

/// <summary>Carries out the steps in order; each condition is checked, then re-checked after every retry interval, until it holds.</summary>
public sealed class WaitRunner(IWaitSystem system, TextWriter log)
{
    public static readonly TimeSpan DefaultRetryInterval = TimeSpan.FromSeconds(1);

    public void Run(IEnumerable<WaitStep> steps, TimeSpan retryInterval)
    {
        foreach (var step in steps)
        {
            switch (step)
            {
                case SetRetryInterval set:
                    retryInterval = set.Interval;
                    log.WriteLine($"wait: retry interval is now {Seconds(retryInterval)}");
                    break;
                case SetUmask set:
                    system.SetUmask(set.Mask);
                    log.WriteLine($"wait: umask is now {Convert.ToString((int)set.Mask, 8).PadLeft(4, '0')}");
                    break;
                case WaitCondition condition:
                    Await(condition, retryInterval);
                    break;
            }
        }
    }

    private void Await(WaitCondition condition, TimeSpan retryInterval)
    {
        if (!condition.HoldsOn(system))
        {
            log.WriteLine($"wait: waiting for {condition.Awaited} (checking every {Seconds(retryInterval)})");
            do
                system.Sleep(retryInterval);
            while (!condition.HoldsOn(system));
        }
        log.WriteLine($"wait: {condition.Reached}");
    }

    private static string Seconds(TimeSpan interval) =>
        interval.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
}
