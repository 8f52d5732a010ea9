using System.Text.Json;
using Conlink.Actors.Control;
using Conlink.Actors.Status;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>A user's link down and up through the whole engine, read back from the real kernel on both ends, with traffic.</summary>
[Collection("kernel")]
public sealed class LinkControlOnKernelTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly KernelEngine _kernel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kernel.DisposeAsync();

    private const string Network = """
        links:
          - {service: node, bridge: s1, ip: 10.0.0.1/24, route: 10.9.0.0/24 via 10.0.0.2}
        """;

    private static string[] Flags(JsonElement link) => link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!).ToArray();

    private static List<string> Routes(int pid) =>
        JsonDocument.Parse(KernelProbe.InNamespaceOf(pid, "ip", "-j", "-4", "route", "show", "dev", "eth0").Output).RootElement
            .EnumerateArray().Select(r => r.GetProperty("dst").GetString()!).Order(StringComparer.Ordinal).ToList();

    private JsonElement OuterEnd(string name) =>
        KernelProbe.LinksOfNamed(_kernel.BridgeNamespace).EnumerateArray().Single(l => l.GetProperty("ifname").GetString() == name);

    [SkippableFact]
    public async Task Down_pulls_the_cable_on_both_ends_and_traffic_fails_then_up_restores_it_exactly_and_traffic_resumes()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml(Network));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        var node2 = _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.2"), "node_1 cannot ping node_2 before the link goes down");
        var routesBefore = Routes(node1.Pid);

        var down = await _kernel.Engine!.Engine.ChangeLinkAsync("node_1:eth0", new LinkChange.Down(), Timeout);

        Assert.True(down.Succeeded, down.Message);
        var inner = ContainerLinks.Interface(node1.Pid, "eth0");
        Assert.Contains("NO-CARRIER", Flags(inner));
        Assert.Contains("UP", Flags(inner));
        Assert.Contains(inner.GetProperty("operstate").GetString(), new[] { "DOWN", "LOWERLAYERDOWN" });
        var outer = OuterEnd("node_1-eth0");
        Assert.DoesNotContain("UP", Flags(outer));
        Assert.Equal("s1", outer.GetProperty("master").GetString());
        Assert.False(KernelProbe.Ping(node1.Pid, "10.0.0.2"), "node_1 still reaches node_2 with its link down");
        var status = await _kernel.Engine.StatusAsync(Timeout);
        Assert.Equal(LinkState.Down, status.Links.Single(l => l.Id == "node_1:eth0").State);
        Assert.True(status.AllReady, "a link the user took down counts as broken");

        var up = await _kernel.Engine.Engine.ChangeLinkAsync("node_1:eth0", new LinkChange.Up(), Timeout);

        Assert.True(up.Succeeded, up.Message);
        inner = ContainerLinks.Interface(node1.Pid, "eth0");
        Assert.DoesNotContain("NO-CARRIER", Flags(inner));
        Assert.Contains("UP", Flags(OuterEnd("node_1-eth0")));
        Assert.Equal(["10.0.0.1/24"], ContainerLinks.Ipv4(inner));
        Assert.Equal(routesBefore, Routes(node1.Pid));
        Assert.Contains("10.9.0.0/24", routesBefore);
        // The pings sent while the link was down left node_2's neighbour entry FAILED; the kernel
        // resolves it again, which a single ping may not wait for.
        Assert.True(Enumerable.Range(0, 3).Any(_ => KernelProbe.Ping(node1.Pid, "10.0.0.2")), "node_1 cannot ping node_2 after the link came back up: "
            + KernelProbe.Run("ip", ["-n", _kernel.BridgeNamespace, "-d", "link", "show", "node_1-eth0"]).Output
            + KernelProbe.Run("bridge", ["-n", _kernel.BridgeNamespace, "link"]).Output
            + KernelProbe.InNamespaceOf(node1.Pid, "ip", "neigh").Output + KernelProbe.InNamespaceOf(node1.Pid, "ip", "-d", "link", "show", "eth0").Output);
        Assert.True(KernelProbe.Ping(node2.Pid, "10.0.0.1"), "node_2 cannot ping node_1 after the link came back up");
        Assert.Equal(LinkState.Ready, (await _kernel.Engine.StatusAsync(Timeout)).Links.Single(l => l.Id == "node_1:eth0").State);
    }

    [SkippableFact]
    public async Task A_restarted_container_comes_back_with_the_users_down_link_still_down()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml(Network));
        _kernel.Runtime.Start("node_1", "node", 1);
        _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        Assert.True((await _kernel.Engine!.Engine.ChangeLinkAsync("node_1:eth0", new LinkChange.Down(), Timeout)).Succeeded);

        var restarted = _kernel.Runtime.Restart("node_1");
        await _kernel.WaitAllReadyAsync(s => s.Links.Any(l => l.Id == "node_1:eth0" && l.State == LinkState.Down) && ContainerLinks.Has(restarted.Pid, "eth0"));

        Assert.Contains("NO-CARRIER", Flags(ContainerLinks.Interface(restarted.Pid, "eth0")));
        Assert.DoesNotContain("UP", Flags(OuterEnd("node_1-eth0")));
    }

    [SkippableFact]
    public async Task A_link_with_netem_comes_back_up_as_it_was_made_with_its_netem_or_where_the_kernel_lacks_it_still_degraded_saying_why()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml(Network.Replace("10.0.0.2}", "10.0.0.2, netem: [delay 5ms]}")));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        _kernel.Runtime.Start("node_2", "node", 2);
        var before = (await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2)).Links.Single(l => l.Id == "node_1:eth0");
        Assert.True((await _kernel.Engine!.Engine.ChangeLinkAsync("node_1:eth0", new LinkChange.Down(), Timeout)).Succeeded);

        var up = await _kernel.Engine.Engine.ChangeLinkAsync("node_1:eth0", new LinkChange.Up(), Timeout);

        Assert.True(up.Succeeded, up.Message);
        var after = (await _kernel.Engine.StatusAsync(Timeout)).Links.Single(l => l.Id == "node_1:eth0");
        Assert.Equal(LinkState.Ready, after.State);
        Assert.Equal(before.Reason, after.Reason);
        var qdisc = KernelProbe.InNamespaceOf(node1.Pid, "tc", "qdisc", "show", "dev", "eth0").Output;
        if (KernelFeatures.HasQdisc("netem")) Assert.Contains("netem", qdisc, StringComparison.Ordinal);
        else Assert.Equal("degraded: netem not applied (kernel lacks sch_netem)", after.Reason);
    }

    [SkippableFact]
    [Trait("Category", "KernelWithoutFeature")]
    public async Task Netem_set_on_a_kernel_without_netem_is_refused_naming_sch_netem_and_changes_nothing()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Skip.If(KernelFeatures.HasQdisc("netem"), "this kernel has netem: the refusal is checked where it is missing");
        _kernel.Start(TestNetwork.FromYaml(Network));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        var qdiscBefore = KernelProbe.InNamespaceOf(node1.Pid, "tc", "qdisc", "show", "dev", "eth0").Output;

        var result = await _kernel.Engine!.Engine.ChangeLinkAsync("node_1:eth0",
            new LinkChange.SetNetem(new Config.Model.NetemSetting(["delay 20ms"], Syntax.Netem.NetemSpec.Parse("delay 20ms"))), Timeout);

        Assert.Equal(ControlOutcome.KernelRefused, result.Outcome);
        Assert.Contains("netem", result.Message, StringComparison.Ordinal);
        Assert.Contains("sch_netem", result.Message, StringComparison.Ordinal);
        Assert.Equal(qdiscBefore, KernelProbe.InNamespaceOf(node1.Pid, "tc", "qdisc", "show", "dev", "eth0").Output);
        Assert.False((await _kernel.Engine.StatusAsync(Timeout)).Links.Single(l => l.Id == "node_1:eth0").IsOverridden);
    }
}
