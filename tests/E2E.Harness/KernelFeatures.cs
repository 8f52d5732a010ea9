namespace Conlink.E2E.Harness;

/// <summary>
/// Whether this machine's kernel has the features some examples need, probed once each in a
/// throwaway network namespace (<c>unshare -n</c>), so nothing is left behind.
/// </summary>
public static class KernelFeatures
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);
    private static readonly Lazy<Task<bool>> Dummy = new(() => SucceedsInNewNamespaceAsync("ip link add probe0 type dummy"));
    private static readonly Lazy<Task<bool>> Netem = new(() => SucceedsInNewNamespaceAsync("tc qdisc add dev lo root netem delay 1ms"));

    /// <summary>The <c>dummy</c> link type (module dummy).</summary>
    public static Task<bool> HasDummyAsync() => Dummy.Value;

    /// <summary>The <c>netem</c> qdisc (module sch_netem).</summary>
    public static Task<bool> HasNetemAsync() => Netem.Value;

    /// <summary>The Open vSwitch datapath, which conlink's <c>ovs</c> and <c>auto</c> bridge modes look for.</summary>
    public static bool HasOpenvswitch => Directory.Exists("/sys/module/openvswitch");

    private static async Task<bool> SucceedsInNewNamespaceAsync(string command) =>
        (await Command.RunAsync("unshare", ["-n", "sh", "-c", command], ProbeTimeout)).Succeeded;
}
