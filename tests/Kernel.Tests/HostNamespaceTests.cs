using Conlink.Testing;
using Conlink.Tests.Shared;

namespace Conlink.Kernel.Tests;

/// <summary>Where host-parent links find their parent, and what a link says when that namespace cannot be opened.</summary>
[Collection("kernel")]
public sealed class HostNamespaceTests : IAsyncLifetime
{
    private readonly KernelEngine _kernel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kernel.DisposeAsync();

    [Theory]
    [InlineData(null, false, "conlink's own network namespace")]
    [InlineData(null, true, "pid 1's network namespace (/proc/1/ns/net)")]
    [InlineData("/run/netns/hostns", false, "network namespace /run/netns/hostns")]
    [InlineData("/proc/77/ns/net", true, "network namespace /proc/77/ns/net")]
    public void On_a_host_it_is_conlinks_own_in_a_container_pid_1s_and_host_netns_names_another(string? path, bool inContainer, string expected) =>
        Assert.Equal(expected, HostNamespace.Choose(path, inContainer).Description);

    [Fact]
    public void Conlinks_own_namespace_opens_and_is_the_one_it_runs_in()
    {
        using var own = HostNamespace.Own.Open();
        using var current = Netlink.Namespaces.NetNs.Current();

        Assert.True(own.IsSameAs(current));
    }

    [Fact]
    public void When_pid_1s_namespace_is_refused_the_error_names_it_the_reason_and_the_way_out()
    {
        var e = Assert.Throws<HostNamespaceException>(() => WithoutCapabilities.Run(() => HostNamespace.OfPid1.Open().Dispose()));

        Assert.Equal("host-parent links need the host's namespace, pid 1's network namespace (/proc/1/ns/net), which cannot be opened: "
            + "cannot open network namespace pid 1: permission denied (EACCES); it belongs to a process conlink may not enter "
            + "(run conlink with pid: host, or name the host's namespace with --host-netns PATH)", e.Message);
    }

    [SkippableFact]
    public async Task A_host_netns_that_does_not_exist_fails_the_host_parent_link_saying_which_and_why_and_the_rest_comes_up()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.HostNamespace = null;
        var missing = Path.Combine(Path.GetTempPath(), "clmissing-" + Guid.NewGuid().ToString("N")[..8], "net");
        _kernel.HostNamespacePath = missing;
        _kernel.Start(TestNetwork.FromYaml("""
            links:
              - {service: node, type: macvlan, outer-dev: parent0, dev: eth1}
              - {service: node, bridge: s1, ip: 10.0.0.1/24}
            """));
        _kernel.Runtime.Start("node_1", "node", 1);

        var status = await _kernel.WaitSettledAsync(s => s.Links.Count == 2);

        status.AssertReady("node_1:eth0");
        Assert.StartsWith($"host-parent links need the host's namespace, network namespace {missing}, which cannot be opened: "
            + $"namespace {missing} does not exist", status.FailureOf("node_1:eth1"), StringComparison.Ordinal);
    }
}
