using Conlink.Actors.Ports;
using Conlink.Actors.Tracing;
using Conlink.Kernel;
using Conlink.Kernel.Links;
using Conlink.Kernel.Tools;
using Conlink.Netlink.Namespaces;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>The kernel driver's sweep of stale outer ends in the bridge namespace.</summary>
[Collection("kernel")]
public sealed class StaleSweepTests : IDisposable
{
    private readonly string _bridgeNamespace = "cltest-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _peerNamespace = "cltest-" + Guid.NewGuid().ToString("N")[..8];

    [SkippableFact]
    public async Task Sweep_removes_veths_no_plan_wants_but_keeps_conlinks_docker_interface()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        NetNs.OpenOrCreateNamed(_bridgeNamespace).Dispose();
        NetNs.OpenOrCreateNamed(_peerNamespace).Dispose();
        AddVeth(DockerInterface.Name, "docker-peer");
        AddVeth("old_1-eth0", "old-peer", OwnedInterface.Alias("old_1:eth0"));
        AddVeth("node_1-eth0", "node-peer", OwnedInterface.Alias("node_1:eth0"));
        using var driver = new KernelNetworkDriver(NetNs.OpenNamed(_bridgeNamespace),
            new NetworkContext(TaskScheduler.Default, NullTraceSink.Instance),
            new KernelDriverOptions { DockerInterface = DockerInterface.Name });

        var removed = await driver.SweepStaleAsync(new HashSet<string> { "node_1-eth0" }, CancellationToken.None);

        Assert.Equal(["old_1-eth0"], removed);
        var left = KernelProbe.LinksOfNamed(_bridgeNamespace).EnumerateArray()
            .Select(l => l.GetProperty("ifname").GetString()).Order().ToList();
        Assert.Equal([DockerInterface.Name, "lo", "node_1-eth0"], left);
    }

    [SkippableFact]
    public async Task Sweep_removes_forward_rules_of_links_no_plan_wants_and_leaves_other_rules_alone()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        NetNs.OpenOrCreateNamed(_bridgeNamespace).Dispose();
        NetNs.OpenOrCreateNamed(_peerNamespace).Dispose();
        AddVeth(DockerInterface.Name, "docker-peer");
        using (var bridge = NetNs.OpenNamed(_bridgeNamespace))
            Iptables.Ensure(bridge, Iptables.ForwardRules("gone_1-eth0", DockerInterface.Name, 8080, System.Net.IPAddress.Parse("10.0.0.9"), 80, "tcp")
                .Concat(Iptables.ForwardRules("node_1-eth0", DockerInterface.Name, 8081, System.Net.IPAddress.Parse("10.0.0.1"), 80, "tcp")));
        IptablesIn("-t", "nat", "-A", "PREROUTING", "-i", DockerInterface.Name, "-p", "udp", "--dport", "53", "-j", "ACCEPT");
        using var driver = new KernelNetworkDriver(NetNs.OpenNamed(_bridgeNamespace),
            new NetworkContext(TaskScheduler.Default, NullTraceSink.Instance),
            new KernelDriverOptions { DockerInterface = DockerInterface.Name });

        var removed = await driver.SweepStaleAsync(new HashSet<string> { "node_1-eth0" }, CancellationToken.None);

        Assert.Equal(["forward rule of gone_1-eth0", "forward rule of gone_1-eth0"], removed);
        var rules = IptablesIn("-t", "nat", "-S", "PREROUTING");
        Assert.DoesNotContain("gone_1-eth0", rules, StringComparison.Ordinal);
        Assert.Equal(2, rules.Split('\n').Count(l => l.Contains("conlink node_1-eth0", StringComparison.Ordinal)));
        Assert.Contains("--dport 53 -j ACCEPT", rules, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Sweep_removes_ip6tables_forward_rules_of_links_no_plan_wants_when_conlink_has_an_ipv6_docker_address()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        NetNs.OpenOrCreateNamed(_bridgeNamespace).Dispose();
        NetNs.OpenOrCreateNamed(_peerNamespace).Dispose();
        AddVeth(DockerInterface.Name, "docker-peer");
        using (var bridge = NetNs.OpenNamed(_bridgeNamespace))
        {
            Iptables.Ensure(bridge, Iptables.ForwardRules("gone_1-eth0", DockerInterface.Name, 8080, System.Net.IPAddress.Parse("fd00:10::9"), 80, "tcp")
                .Concat(Iptables.ForwardRules("node_1-eth0", DockerInterface.Name, 8081, System.Net.IPAddress.Parse("fd00:10::1"), 80, "tcp")),
                System.Net.Sockets.AddressFamily.InterNetworkV6);
            Iptables.Ensure(bridge, Iptables.ForwardRules("gone_2-eth0", DockerInterface.Name, 8082, System.Net.IPAddress.Parse("10.0.0.9"), 80, "tcp"));
        }
        using var driver = new KernelNetworkDriver(NetNs.OpenNamed(_bridgeNamespace),
            new NetworkContext(TaskScheduler.Default, NullTraceSink.Instance),
            new KernelDriverOptions { DockerInterface = DockerInterface.Name, DockerIpv6Address = System.Net.IPAddress.Parse("fd00:20::2") });

        var removed = await driver.SweepStaleAsync(new HashSet<string> { "node_1-eth0" }, CancellationToken.None);

        Assert.Equal(["forward rule of gone_2-eth0", "forward rule of gone_2-eth0", "IPv6 forward rule of gone_1-eth0", "IPv6 forward rule of gone_1-eth0"], removed);
        var (exitCode, rules) = KernelProbe.InNamed(_bridgeNamespace, "ip6tables", "-w", "-t", "nat", "-S", "PREROUTING");
        Assert.True(exitCode == 0, rules);
        Assert.DoesNotContain("gone_1-eth0", rules, StringComparison.Ordinal);
        Assert.Equal(2, rules.Split('\n').Count(l => l.Contains("conlink node_1-eth0", StringComparison.Ordinal)));
        Assert.DoesNotContain("gone_2-eth0", IptablesIn("-t", "nat", "-S", "PREROUTING"), StringComparison.Ordinal);
    }

    private string IptablesIn(params string[] args)
    {
        var (exitCode, output) = KernelProbe.InNamed(_bridgeNamespace, ["iptables", "-w", .. args]);
        Assert.True(exitCode == 0, output);
        return output;
    }

    private void AddVeth(string name, string peer, string? alias = null)
    {
        var (exitCode, output) = KernelProbe.Run("ip",
            ["-n", _bridgeNamespace, "link", "add", name, "type", "veth", "peer", "name", peer, "netns", _peerNamespace]);
        Assert.True(exitCode == 0, output);
        if (alias is null) return;
        (exitCode, output) = KernelProbe.Run("ip", ["-n", _bridgeNamespace, "link", "set", name, "alias", alias]);
        Assert.True(exitCode == 0, output);
    }

    public void Dispose()
    {
        NetNs.DeleteNamed(_bridgeNamespace);
        NetNs.DeleteNamed(_peerNamespace);
    }
}
