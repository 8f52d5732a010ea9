using Conlink.Cli.Tests.Support;
using Conlink.Testing;
using Xunit.Abstractions;

namespace Conlink.Cli.Tests.Kernel;

/// <summary><c>conlink trace</c> on the trace file of a real engine run on the real kernel.</summary>
public sealed class TraceCommandOnKernelTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task The_timeline_of_a_failed_link_ends_in_the_kernel_operation_that_failed_and_why()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        await using var conlink = new KernelConlink();
        await conlink.StartServicesAsync("good", "broken");
        await conlink.StopAsync();

        var run = CliRun.Of(["trace", conlink.TraceFile, "--link", "broken_1:eth0", "--kind", "netlink"]);
        output.WriteLine(run.Out);

        Assert.Equal(1, run.ExitCode);
        var records = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..^1];
        Assert.All(records, r => Assert.Contains(" broken_1:eth0 ", r));
        Assert.Contains(records, r => r.Contains("link-add veth broken_1-eth0", StringComparison.Ordinal) && r.EndsWith(" ok", StringComparison.Ordinal));
        var failed = Assert.Single(records, r => r.Contains("error:", StringComparison.Ordinal));
        Assert.Contains("route-replace 10.9.0.0/16 via 10.5.0.1 dev eth0", failed);
        Assert.Contains("the gateway is not reachable", failed);
    }

    [SkippableFact]
    public async Task The_timeline_of_a_ready_link_shows_its_kernel_operations_in_order_without_errors()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        await using var conlink = new KernelConlink();
        await conlink.StartServicesAsync("good");
        await conlink.StopAsync();

        var run = CliRun.Of(["trace", conlink.TraceFile, "--container", "good_1", "--kind", "netlink"]);

        Assert.Equal(0, run.ExitCode);
        var ops = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..^1];
        int IndexOf(string op) => Array.FindIndex(ops, r => r.Contains(op, StringComparison.Ordinal));
        Assert.True(IndexOf("link-add veth good_1-eth0") < IndexOf("addr-add 10.0.0.1/24 dev eth0"), run.Out);
        Assert.True(IndexOf("addr-add 10.0.0.1/24 dev eth0") < IndexOf("link-set-up eth0"), run.Out);
        Assert.Contains(", 0 errors", run.Out);
    }
}
