using Conlink.Config.Planning;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// The sweep of stale outer ends at startup touches only what conlink made: conlink's namespace
/// also holds interfaces that are not its own, such as its Docker interface, a veth as well.
/// </summary>
[Collection("kernel")]
public sealed class BridgeNamespaceSweepTests : IAsyncLifetime
{
    private readonly KernelEngine _kernel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kernel.DisposeAsync();

    [SkippableFact]
    public async Task Outer_ends_no_plan_wants_are_swept_and_veths_conlink_did_not_make_are_left_alone()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        ScratchNetns.Check(KernelProbe.Run("ip", ["-n", _kernel.BridgeNamespace, "link", "add", "DOCKER-ETH0", "type", "veth", "peer", "name", "eth1"]),
            "ip", ["link", "add"]);
        _kernel.Start(TestPlans.VethPerContainer("eth0"));
        _kernel.Runtime.Start("node_1", "node", 1);
        _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        Assert.Equal("conlink node_2:eth0", KernelProbe.LinksOfNamed(_kernel.BridgeNamespace).EnumerateArray()
            .Single(l => l.GetProperty("ifname").GetString() == "node_2-eth0").GetProperty("ifalias").GetString());

        await _kernel.CrashAsync();
        var plan = TestPlans.VethPerContainer("eth0");
        _kernel.Start(c => c.Name == "node_2" ? new ContainerPlan(c, [], []) : plan(c));
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1 && !_kernel.BridgeNamespaceLinks().ContainsKey("node_2-eth0"));

        Assert.Equal(["DOCKER-ETH0", "eth1", "lo", "node_1-eth0", "s1"], _kernel.BridgeNamespaceLinks().Keys.Order(StringComparer.Ordinal));
    }
}
