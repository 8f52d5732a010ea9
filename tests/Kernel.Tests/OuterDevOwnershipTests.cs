using Conlink.Config.Planning;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// An interface already in conlink's namespace under a link's outer-dev name is deleted only when
/// conlink's alias marks it as that same link's. Anything else there (a bridge, conlink's own
/// Docker interface, another link's live outer end) stays, and the link fails saying why.
/// </summary>
[Collection("kernel")]
public sealed class OuterDevOwnershipTests : IAsyncLifetime
{
    private readonly KernelEngine _kernel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kernel.DisposeAsync();

    [SkippableFact]
    public async Task An_interface_conlink_did_not_make_under_the_outer_dev_name_is_left_and_the_link_fails()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        // A veth, as conlink's own Docker interface is: the case that used to be deleted.
        ScratchNetns.Check(KernelProbe.Run("ip", ["-n", _kernel.BridgeNamespace, "link", "add", "node_1-eth0", "type", "veth", "peer", "name", "theirs"]),
            "ip", ["link", "add"]);
        _kernel.Start(TestPlans.VethPerContainer("eth0", "eth1"));
        _kernel.Runtime.Start("node_1", "node", 1);

        var status = await _kernel.WaitSettledAsync(s => s.Links.Count == 2);

        Assert.Equal("outer-dev node_1-eth0 already exists in conlink's namespace as a veth that conlink did not make; conlink does not remove it (set a distinct outer-dev)",
            status.FailureOf("node_1:eth0"));
        status.AssertReady("node_1:eth1");
        var links = _kernel.BridgeNamespaceLinks();
        Assert.True(links.ContainsKey("node_1-eth0") && links.ContainsKey("theirs"), "the interface in the way was deleted");
    }

    [SkippableFact]
    public async Task Two_links_that_get_the_same_outer_dev_at_run_time_leave_the_first_one_up()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        var plan = TestPlans.VethPerContainer("eth0");
        _kernel.Start(c => plan(c) is var p ? p with { Links = p.Links.Select(l => l with { OuterDev = "shared-out" }).ToList() } : p);
        _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);

        _kernel.Runtime.Start("node_2", "node", 2);
        var status = await _kernel.WaitSettledAsync(s => s.Links.Count == 2);

        Assert.Equal("outer-dev shared-out already exists in conlink's namespace as a veth marked as node_1:eth0's; conlink does not remove it (set a distinct outer-dev)",
            status.FailureOf("node_2:eth0"));
        status.AssertReady("node_1:eth0");
        Assert.Equal("conlink node_1:eth0", KernelProbe.LinksOfNamed(_kernel.BridgeNamespace).EnumerateArray()
            .Single(l => l.GetProperty("ifname").GetString() == "shared-out").GetProperty("ifalias").GetString());
    }
}
